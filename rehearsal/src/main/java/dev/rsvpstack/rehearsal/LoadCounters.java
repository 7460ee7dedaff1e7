package dev.rsvpstack.rehearsal;

import java.util.concurrent.atomic.AtomicInteger;

/** What the load's clients count together. */
final class LoadCounters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger failedOpens = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger reopened = new AtomicInteger();
    final AtomicInteger messages = new AtomicInteger();

    /** "open=N closed=N [silent=N] failedOpens=N reopened=N messages=N". */
    String describe(Long silent) {
        return "open=" + open.get() + " closed=" + closed.get() + (silent == null ? "" : " silent=" + silent)
                + " failedOpens=" + failedOpens.get() + " reopened=" + reopened.get() + " messages=" + messages.get();
    }
}
