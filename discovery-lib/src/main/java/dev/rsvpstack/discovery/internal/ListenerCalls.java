package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.LeaderListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link LeaderListener} one call at a time, in order, on a daemon thread of its own, so a
 * slow listener never delays the election's state thread (and its lease keeper). A listener that
 * throws is logged; the next call still comes.
 */
final class ListenerCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerCalls.class);

    private final LeaderListener listener;
    private final String owner;
    private final ExecutorService thread;
    private volatile Thread current;

    ListenerCalls(LeaderListener listener, String threadName, String owner) {
        this.listener = listener;
        this.owner = owner;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            current = t;
            return t;
        });
    }

    /** Queues {@code call}; the future completes when it has run (at once if closed). */
    CompletableFuture<Void> tell(Consumer<LeaderListener> call, String what) {
        try {
            return CompletableFuture.runAsync(() -> {
                try {
                    call.accept(listener);
                } catch (RuntimeException e) {
                    LOG.error("{}: listener failed in {}", owner, what, e);
                }
            }, thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Whether the caller is the listener's own thread (a listener closing its election). */
    boolean isListenerThread() {
        return Thread.currentThread() == current;
    }

    /** Runs what is queued, then stops; waits up to {@code timeout} unless called from the listener. */
    void close(Duration timeout) {
        thread.shutdown();
        if (isListenerThread()) {
            return;
        }
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: listener still busy after {}", owner, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
