package dev.rsvpstack.discovery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what a service started, in reverse order of start. Register each resource as it is
 * opened; {@link #close()} closes the last one first and goes on past a failure, logging each
 * failure once. A start that fails half-way calls {@link #closeAfter(RuntimeException)} instead:
 * the failures of closing then travel as suppressed exceptions of the start failure, which whoever
 * catches it logs, so nothing is logged twice.
 *
 * <p>Every composed service of the stack (the web and archiver services, the demo, the web server,
 * the etcd discovery) closes through one of these, so that shutdown reads the same everywhere.
 * It lives in discovery-lib because every module that composes services already depends on it.
 *
 * <pre>{@code
 * Closer closer = new Closer("web service");
 * Connection connection = closer.register(Connection.open(...));
 * closer.register("the poller", poller::stop);
 * ...
 * closer.close(); // the poller first, the connection last
 * }</pre>
 *
 * <p>A step that waits on a server which may be gone (a disconnect, a resign) can be registered with
 * a timeout ({@link #register(String, Duration, String, AutoCloseable)}): it runs on its own daemon
 * thread, and when its time is over it is interrupted and left behind, one line says what was given
 * up, and the next step runs. So a shutdown is bounded by the sum of the timeouts (plus the unbounded
 * steps, which should wait on nothing remote).
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final String owner;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param owner what these resources belong to, for the log ({@code "web service"})
     */
    public Closer(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /**
     * Registers a resource to close, named by its {@code toString()} in the log.
     *
     * @return the resource, so that opening and registering read as one line
     * @throws IllegalStateException if this closer is closed already; the resource is closed first
     */
    public <T extends AutoCloseable> T register(T resource) {
        Objects.requireNonNull(resource, "resource");
        add(new Entry(String.valueOf(resource), resource, null, null));
        return resource;
    }

    /**
     * Registers a close action under a name for the log; for lambdas and method references, whose
     * {@code toString()} says nothing.
     *
     * @throws IllegalStateException if this closer is closed already; the action runs first
     */
    public void register(String name, AutoCloseable action) {
        add(new Entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(action, "action"), null, null));
    }

    /**
     * Registers a close step that may take at most {@code timeout}. If it takes longer, it is
     * interrupted and abandoned (its thread is a daemon), the log says once {@code "<owner>: closing
     * <name> did not finish within <timeout>; given up: <givenUp>"}, and closing goes on.
     *
     * @param givenUp what is lost when the step is abandoned, for the operator (e.g. {@code "resigning;
     *                the lease expires by itself within the TTL"})
     * @return {@code action}
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws IllegalStateException    if this closer is closed already; the action runs first
     */
    public <T extends AutoCloseable> T register(String name, Duration timeout, String givenUp, T action) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("closing " + name + ": the timeout must be positive, was " + timeout);
        }
        add(new Entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(action, "action"), timeout,
                Objects.requireNonNull(givenUp, "givenUp")));
        return action;
    }

    private void add(Entry entry) {
        synchronized (this) {
            if (!closed) {
                entries.push(entry);
                return;
            }
        }
        Throwable failure = entry.closeCatching();
        IllegalStateException late = new IllegalStateException(owner + " is closed; closed " + entry.name + " at once");
        if (failure != null) {
            late.addSuppressed(failure);
        }
        throw late;
    }

    /** Closes every resource, the last registered first; logs each failure once and never throws. */
    @Override
    public void close() {
        for (Entry entry : drain()) {
            Throwable failure = entry.closeCatching();
            if (failure instanceof TimeoutException) {
                LOG.warn("{}: closing {} did not finish within {} ms; given up: {}", owner, entry.name,
                        entry.timeout.toMillis(), entry.givenUp);
            } else if (failure != null) {
                LOG.warn("{}: closing {} failed", owner, entry.name, failure);
            }
        }
    }

    /**
     * Closes every resource after a start failed, and returns {@code failure} with each close
     * failure added as suppressed (nothing is logged here): {@code throw closer.closeAfter(e);}
     */
    public <E extends RuntimeException> E closeAfter(E failure) {
        Objects.requireNonNull(failure, "failure");
        for (Entry entry : drain()) {
            Throwable closing = entry.closeCatching();
            if (closing != null) {
                failure.addSuppressed(closing);
            }
        }
        return failure;
    }

    private synchronized Deque<Entry> drain() {
        closed = true;
        Deque<Entry> reversed = new ArrayDeque<>(entries);
        entries.clear();
        return reversed;
    }

    /** {@code timeout} and {@code givenUp} are both null for an unbounded step. */
    private record Entry(String name, AutoCloseable resource, Duration timeout, String givenUp) {
        /**
         * The failure, or {@code null}; a {@link TimeoutException} when a bounded step ran out of
         * time; an interrupt is kept for the caller.
         */
        Throwable closeCatching() {
            return timeout == null ? closeHere() : closeWithin();
        }

        private Throwable closeWithin() {
            Throwable[] failure = new Throwable[1];
            Thread step = new Thread(() -> failure[0] = closeHere(), "closing " + name);
            step.setDaemon(true); // abandoned, it must not keep the JVM alive
            step.start();
            try {
                step.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
            if (step.isAlive()) {
                step.interrupt();
                return new TimeoutException("closing " + name + " did not finish within " + timeout.toMillis()
                        + " ms; given up: " + givenUp);
            }
            return failure[0]; // join() makes the step's write visible here
        }

        private Throwable closeHere() {
            try {
                resource.close();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            } catch (Exception e) {
                return e;
            }
        }
    }
}
