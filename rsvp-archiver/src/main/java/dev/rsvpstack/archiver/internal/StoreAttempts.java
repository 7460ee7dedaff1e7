package dev.rsvpstack.archiver.internal;

import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The store attempts not answered yet, so that every attempt ends: a client closed under its
 * requests (Couchbase moved, a node vanished) can leave their futures pending for ever, holding
 * in-flight permits and the watermark. {@link #expire()} fails attempts older than the timeout;
 * {@link #abandon} fails at once those still waiting on a store that was replaced, so they are
 * retried on the new one instead of waiting out the timeout.
 *
 * <p>A periodic sweep over at most {@code maxInFlight} entries, rather than a timer per attempt
 * ({@code orTimeout}): at tens of thousands of upserts a second, a timer each filled the JDK's
 * delay queue with cancelled tasks that stayed there for the whole timeout.
 */
final class StoreAttempts {
    /** The store was replaced while this attempt waited on the old one; retrying is the cure. */
    static final class StoreReplacedException extends RuntimeException {
        StoreReplacedException() {
            super("the store was replaced while the attempt was waiting", null, false, false);
        }
    }

    private record Pending(RsvpStore store, long deadlineNanos) {
    }

    private final Map<CompletableFuture<Void>, Pending> pending = new ConcurrentHashMap<>();
    private final Duration timeout;

    StoreAttempts(Duration timeout) {
        this.timeout = timeout;
    }

    /** Stores {@code rsvp} in {@code store}; the result completes when the store answers or the attempt is failed. */
    CompletableFuture<Void> start(RsvpStore store, RsvpMessage rsvp) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pending.put(result, new Pending(store, System.nanoTime() + timeout.toNanos()));
        CompletionStage<Void> answer;
        try {
            answer = store.store(rsvp);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((ok, error) -> {
            pending.remove(result);
            if (error == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Fails the attempts past their deadline; returns how many. */
    int expire() {
        long now = System.nanoTime();
        int expired = 0;
        for (Map.Entry<CompletableFuture<Void>, Pending> entry : pending.entrySet()) {
            if (now - entry.getValue().deadlineNanos() > 0) {
                pending.remove(entry.getKey());
                if (entry.getKey().completeExceptionally(
                        new TimeoutException("the store did not answer within " + timeout.toMillis() + " ms"))) {
                    expired++;
                }
            }
        }
        return expired;
    }

    /** Fails the attempts waiting on any store but {@code current}; returns how many. */
    int abandon(RsvpStore current) {
        int abandoned = 0;
        for (Map.Entry<CompletableFuture<Void>, Pending> entry : pending.entrySet()) {
            if (entry.getValue().store() != current) {
                pending.remove(entry.getKey());
                if (entry.getKey().completeExceptionally(new StoreReplacedException())) {
                    abandoned++;
                }
            }
        }
        return abandoned;
    }

    int size() {
        return pending.size();
    }
}
