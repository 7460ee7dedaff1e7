package dev.rsvpstack.launchers;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties a running service to the process: on SIGTERM or Ctrl-C the JVM's shutdown hook closes it,
 * and the main thread waits until then.
 */
final class ProcessLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLifecycle.class);
    private final CountDownLatch stopped = new CountDownLatch(1);

    void closeOnShutdown(AutoCloseable service) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("shutdown was not clean", e);
            } finally {
                stopped.countDown();
            }
        }, "shutdown"));
    }

    /** Blocks until the shutdown hook has closed the service. */
    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }
}
