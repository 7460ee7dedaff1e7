package dev.rsvpstack.web.internal;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Bad input is logged once with its context, then at most once a minute with how many more came:
 * a client that sends garbage in a loop must not fill the log (the counters have every one).
 */
public final class RateLimitedLog {
    private static final long PERIOD_MS = 60_000;

    private final Logger log;
    private final Clock clock;
    private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Logs {@code message} (an SLF4J pattern) at WARN unless one was logged in the last minute. */
    public void warn(String message, Object... arguments) {
        long now = clock.millis();
        long next = nextAt.get();
        if (now >= next && nextAt.compareAndSet(next, now + PERIOD_MS)) {
            long more = suppressed.getAndSet(0);
            if (more > 0) {
                log.warn("({} more like this in the last minute, not logged)", more);
            }
            log.warn(message, arguments);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
