package dev.rsvpstack.archiver.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mtime} from which a resumed stream must replay so nothing is lost: the mtime of the
 * oldest RSVP not yet stored (or spooled to disk), or of the newest one when nothing is pending.
 * Replaying from there re-sends some stored RSVPs; their keys are idempotent, so that is harmless.
 */
public final class Watermark {
    /**
     * Ticket to mtime of what is not safe yet: at most the in-flight bound plus a few. A hash map, not
     * a sorted one: it is written twice per RSVP and only read (scanned for its oldest mtime) when a
     * checkpoint is saved or the stream reconnects.
     */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong newest = new AtomicLong(-1);

    /** Records an RSVP received; returns its ticket for {@link #complete(long)}. */
    public long register(long mtime) {
        long ticket = sequence.incrementAndGet();
        pending.put(ticket, mtime);
        newest.accumulateAndGet(mtime, Math::max);
        return ticket;
    }

    /** The RSVP is safe: stored, spooled or dead-lettered. */
    public void complete(long ticket) {
        pending.remove(ticket);
    }

    /** Seeds the watermark from a checkpoint read at start. */
    public void seed(long mtime) {
        newest.accumulateAndGet(mtime, Math::max);
    }

    /** The mtime to resume from, or -1 when nothing was ever received. */
    public long resumeFrom() {
        long oldestPending = pending.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
        return Math.min(oldestPending, newest.get());
    }

    public int pendingCount() {
        return pending.size();
    }
}
