package dev.rsvpstack.discovery.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for etcd at start: attempts with a doubling pause between them, all inside one deadline
 * that counts from construction (so it covers creating the client too). An attempt may take the
 * request timeout, but never past the deadline: a start-up timeout shorter than the request timeout
 * is what the caller waits (the first attempt used to take the whole request timeout, 5 s, even
 * when the start-up timeout was 1 s).
 */
public final class StartupWait {
    private static final Logger LOG = LoggerFactory.getLogger(StartupWait.class);
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    /** One check that etcd answers, given how long it may wait for the answer. */
    @FunctionalInterface
    public interface Attempt {
        void run(Duration timeout) throws Exception;
    }

    /** How the pause between attempts is spent; tests pass one that moves a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper SYSTEM = delay -> Thread.sleep(delay.toMillis()); // a retry backoff, not a test's wait

        void sleep(Duration delay) throws InterruptedException;
    }

    /**
     * Why the wait gave up.
     *
     * @param reason    one line naming the endpoints, the start-up timeout, the attempts and the last error
     * @param lastError the last attempt's failure
     */
    public record GaveUp(String reason, Exception lastError) {
    }

    private final String endpoints;
    private final Duration startupTimeout;
    private final Duration requestTimeout;
    private final Duration firstDelay;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final long deadline;

    /**
     * Starts the clock.
     *
     * @param endpoints      the endpoints, as the messages name them
     * @param startupTimeout the whole wait, first attempt included (positive)
     * @param requestTimeout the most one attempt may take
     * @param firstDelay     the first pause between attempts, doubled up to 10 s
     */
    public StartupWait(String endpoints, Duration startupTimeout, Duration requestTimeout, Duration firstDelay,
                       Ticker ticker, Sleeper sleeper) {
        this.endpoints = endpoints;
        this.startupTimeout = startupTimeout;
        this.requestTimeout = requestTimeout;
        this.firstDelay = firstDelay;
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.deadline = ticker.nanos() + startupTimeout.toNanos();
    }

    /**
     * Runs attempts until one succeeds or the deadline passes.
     *
     * @return empty when etcd answered, else why the wait gave up
     * @throws InterruptedException when interrupted during an attempt or a pause
     */
    public Optional<GaveUp> await(Attempt attempt) throws InterruptedException {
        Duration delay = firstDelay;
        for (int attempts = 1; ; attempts++) {
            Duration left = remaining();
            try {
                attempt.run(left.compareTo(requestTimeout) < 0 ? left : requestTimeout);
                return Optional.empty();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                left = remaining();
                // No pause that would end at or past the deadline: the next attempt would have no time.
                if (delay.compareTo(left) >= 0) {
                    return Optional.of(new GaveUp("etcd at " + endpoints + " did not answer within " + startupTimeout
                            + " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + "; last error: "
                            + rootMessage(e) + ")", e));
                }
                LOG.warn("etcd at {} does not answer yet ({}); retrying in {}", endpoints, rootMessage(e), delay);
                sleeper.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
            }
        }
    }

    /** The innermost cause (gRPC wraps "connection refused" twice), or that no answer came in time. */
    private static String rootMessage(Throwable error) {
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof TimeoutException) {
            return "no answer in time";
        }
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - ticker.nanos()));
    }
}
