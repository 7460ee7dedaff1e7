package dev.rsvpstack.session.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a recurring problem once per interval with its context and the number of occurrences left
 * out since, so that a dead memcached node under load gives a few lines, not one per request.
 */
public final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs at WARN unless a line was logged within the interval. */
    public void warn(String message, Object context, Throwable cause) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String cause1 = cause == null ? "" : " (" + describe(cause) + ")";
        if (left > 0) {
            log.warn("{}: {}{}; {} more like it since the last report", message, context, cause1, left);
        } else {
            log.warn("{}: {}{}", message, context, cause1);
        }
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
