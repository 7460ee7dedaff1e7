package dev.rsvpstack.archiver.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A single-thread scheduler on a named daemon thread: the archiver's timers (lifecycle, checkpoint,
 * reconnect, store timeouts) never keep the JVM alive, and a thread dump says which one is which.
 */
public final class DaemonScheduler {
    private DaemonScheduler() {
    }

    public static ScheduledExecutorService named(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
