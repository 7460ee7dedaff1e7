package dev.rsvpstack.launchers;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a running service to the process. SIGTERM or Ctrl-C: the JVM's shutdown hook closes the
 * service, given at most {@value #GRACE_SECONDS} s or the service's own bound (then the JVM exits
 * anyway, code 143 or 130). A
 * library asking for a restart (the {@code exit} policy): the main thread closes the service and
 * the command returns 0, so systemd's {@code Restart=always} starts it again, as in the book.
 */
final class ProcessLifecycle {
    static final int GRACE_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLifecycle.class);

    private final CountDownLatch exitRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable service;
    private volatile int exitCode;
    private volatile Duration grace = Duration.ofSeconds(GRACE_SECONDS);

    /** Closes {@code service} on SIGTERM/SIGINT, or when {@link #requestExit} is called. */
    void closeOnShutdown(AutoCloseable running) {
        closeOnShutdown(running, Duration.ofSeconds(GRACE_SECONDS));
    }

    /**
     * The same, for a service whose close bounds each of its steps: {@code bound} is the last resort
     * if it does not keep to them. Keep it below the supervisor's grace ({@code docker stop}: 10 s).
     */
    void closeOnShutdown(AutoCloseable running, Duration bound) {
        this.service = running;
        this.grace = bound;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down (signal); at most {} ms", grace.toMillis());
            closeWithin(grace);
        }, "shutdown"));
    }

    /** Asks the main thread to close the service and return {@code code}; for the {@code exit} policy. */
    void requestExit(int code, String reason) {
        LOG.warn("exiting with code {}: {}", code, reason);
        exitCode = code;
        exitRequested.countDown();
    }

    /**
     * Blocks until {@link #requestExit} (then closes the service and returns its code). On a signal
     * the shutdown hook closes the service and the JVM ends while this still waits.
     */
    int awaitExit() throws InterruptedException {
        exitRequested.await();
        closeWithin(grace);
        return exitCode;
    }

    private void closeWithin(Duration grace) {
        AutoCloseable running = service;
        if (running == null || !closed.compareAndSet(false, true)) {
            return;
        }
        Thread closer = new Thread(() -> {
            try {
                running.close();
                LOG.info("shut down cleanly");
            } catch (Exception e) {
                LOG.warn("shutdown was not clean", e);
            }
        }, "closer");
        closer.start();
        try {
            closer.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.error("shutdown did not finish within {} ms; exiting anyway", grace.toMillis());
        }
    }
}
