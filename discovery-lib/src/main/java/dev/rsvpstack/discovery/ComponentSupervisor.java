package dev.rsvpstack.discovery;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client of a discovered service (a Couchbase connection, a memcached client) in step with
 * the service's instances. Register it as the {@link ServiceListener} of a watch: on each topology
 * change it either rebuilds the client from the new snapshot ({@link RestartPolicy#RELOAD}) or asks
 * the launcher for a restart ({@link RestartPolicy#EXIT}, the book's behaviour).
 *
 * <p>RELOAD builds the new component before it closes the old one, so the holder is never empty: if
 * the build fails, the old component stays (it may still reach the instances that remain) and the
 * failure is logged and counted; the next change tries again. {@link #current()} may be called from
 * any thread. A caller that took the old component just before a swap may find it closed: call
 * {@link #current()} again rather than keeping a component.
 *
 * <pre>{@code
 * ComponentSupervisor<CouchbaseStore> store = ComponentSupervisor.<CouchbaseStore>builder()
 *         .name("couchbase").policy(RestartPolicy.RELOAD)
 *         .factory(snapshot -> CouchbaseStore.connect(snapshot.hostsAndPorts()))
 *         .restartListener(launcher::requestRestart)
 *         .build();
 * store.start(discovery.lookup("couchbase"));
 * discovery.watch("couchbase", store);
 * }</pre>
 *
 * @param <T> the component's type
 */
public final class ComponentSupervisor<T extends AutoCloseable> implements ServiceListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentSupervisor.class);

    private final String name;
    private final RestartPolicy policy;
    private final Function<ServiceSnapshot, ? extends T> factory;
    private final RestartRequestListener restartListener;
    private final Consumer<? super T> onSwap;

    /** Guards the transitions; {@link #current} and {@link #snapshot} are also read without it. */
    private final Object lock = new Object();
    private volatile T current;
    private volatile ServiceSnapshot snapshot;
    private boolean restartRequested;
    private boolean closed;

    private final AtomicLong rebuilds = new AtomicLong();
    private final AtomicLong failedRebuilds = new AtomicLong();

    private ComponentSupervisor(Builder<T> builder) {
        this.name = builder.name;
        this.policy = builder.policy;
        this.factory = builder.factory;
        this.restartListener = builder.restartListener;
        this.onSwap = builder.onSwap;
    }

    /** A builder; {@link Builder#build()} checks that it is complete. */
    public static <T extends AutoCloseable> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * Builds the first component from {@code initial}.
     *
     * @return the component
     * @throws IllegalStateException if already started or closed, or if the factory fails (a component
     *                               that cannot start is the launcher's problem, not a reconfiguration)
     */
    public T start(ServiceSnapshot initial) {
        Objects.requireNonNull(initial, "initial");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name + ": supervisor is closed");
            }
            if (current != null) {
                throw new IllegalStateException(name + ": already started");
            }
            T first;
            try {
                first = build(initial);
            } catch (RuntimeException e) {
                throw new IllegalStateException(name + ": could not build the first component from "
                        + describe(initial) + ": " + e.getMessage(), e);
            }
            install(first, initial);
            LOG.info("{}: started on {} ({} policy)", name, describe(initial), policy);
            return first;
        }
    }

    /**
     * Reacts to a new snapshot of the supervised service. Nothing happens when the instances are the
     * same as the ones the current component was built from (a re-list, a revision bump). Before
     * {@link #start} the first snapshot starts the component.
     */
    @Override
    public void onSnapshot(ServiceSnapshot next, List<ServiceChange> changes) {
        Objects.requireNonNull(next, "snapshot");
        T started = null;
        synchronized (lock) {
            if (closed) {
                LOG.debug("{}: closed; ignoring snapshot at revision {}", name, next.revision());
                return;
            }
            if (current == null) {
                started = startFromWatch(next);
            } else {
                apply(next, changes == null ? List.of() : changes);
            }
        }
        if (started != null) {
            // Outside the lock: the callback may take its owner's locks, and a thread holding one of those
            // may be in current(), which takes this lock while nothing is started (a deadlock otherwise).
            tellSwap(started);
        }
    }

    /** Under the lock, with a component started. */
    private void apply(ServiceSnapshot next, List<ServiceChange> folded) {
        if (next.sameInstancesAs(snapshot)) {
            LOG.debug("{}: instances unchanged at revision {}; nothing to do", name, next.revision());
            return;
        }
        String reason = reason(snapshot, next, folded);
        if (policy == RestartPolicy.EXIT) {
            requestRestart(reason);
        } else {
            reload(next, reason);
        }
    }

    /** The live component; never {@code null} once started. */
    public T current() {
        T live = current;
        if (live == null) {
            throw new IllegalStateException(name + ": not started" + (isClosed() ? " (closed)" : ""));
        }
        return live;
    }

    /** The snapshot the live component was built from, or {@code null} before the start. */
    public ServiceSnapshot snapshot() {
        return snapshot;
    }

    /** The supervised component's name, for logs and restart reasons. */
    public String name() {
        return name;
    }

    public RestartPolicy policy() {
        return policy;
    }

    /** How many times a new component replaced the old one. */
    public long rebuilds() {
        return rebuilds.get();
    }

    /** How many rebuilds failed, leaving the old component in place. */
    public long failedRebuilds() {
        return failedRebuilds.get();
    }

    /** Whether a restart was requested ({@link RestartPolicy#EXIT} only). */
    public boolean restartRequested() {
        synchronized (lock) {
            return restartRequested;
        }
    }

    /** Closes the live component; later snapshots are ignored. */
    @Override
    public void close() {
        T last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
            current = null;
        }
        if (last != null) {
            closeQuietly(last, "on close");
        }
        LOG.info("{}: closed", name);
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * The component built from the first snapshot with instances, for {@code onSwap}: nobody holds it yet,
     * and whoever waits for the service (a poller whose first query failed) should hear of it now, not at
     * its next turn. {@code null} when there is nothing to start or the build failed.
     */
    private T startFromWatch(ServiceSnapshot first) {
        if (first.isEmpty()) {
            // a normal state at start (the sidekick has not announced yet): not a failure
            LOG.info("{}: no instance registered under /services/{}/ yet; waiting", name, first.service());
            return null;
        }
        T built;
        try {
            built = build(first);
        } catch (RuntimeException e) {
            failedRebuilds.incrementAndGet();
            LOG.error("{}: could not build the first component from {}; will retry on the next change", name,
                    describe(first), e);
            return null;
        }
        install(built, first);
        LOG.info("{}: started from the watch on {} ({} policy)", name, describe(first), policy);
        return built;
    }

    private void tellSwap(T built) {
        if (onSwap != null) {
            try {
                onSwap.accept(built);
            } catch (RuntimeException e) {
                LOG.warn("{}: onSwap callback failed; the new component is live anyway", name, e);
            }
        }
    }

    private void reload(ServiceSnapshot next, String reason) {
        if (next.isEmpty()) {
            LOG.warn("{}: every instance is gone [{}]; keeping the component built on {} until one is back", name,
                    reason, describe(snapshot));
            return;
        }
        T built;
        try {
            built = build(next);
        } catch (RuntimeException e) {
            long failures = failedRebuilds.incrementAndGet();
            LOG.error("{}: rebuild for [{}] failed; keeping the component built on {} ({} failed rebuilds)",
                    name, reason, describe(snapshot), failures, e);
            return;
        }
        T old = current;
        install(built, next);
        long count = rebuilds.incrementAndGet();
        LOG.info("{}: rebuilt on {} after [{}]; closing the old one (rebuild {})", name, describe(next), reason,
                count);
        tellSwap(built);
        closeQuietly(old, "after the swap");
    }

    private void requestRestart(String reason) {
        if (restartRequested) {
            LOG.info("{}: restart already requested; also changed: [{}]", name, reason);
            return;
        }
        restartRequested = true;
        LOG.warn("{}: requesting a restart (exit policy) after [{}]; keeping the current component until then",
                name, reason);
        try {
            restartListener.restartRequested(name, reason);
        } catch (RuntimeException e) {
            LOG.error("{}: the restart listener failed", name, e);
        }
    }

    private T build(ServiceSnapshot from) {
        T built = factory.apply(from);
        if (built == null) {
            throw new IllegalStateException("the factory returned null");
        }
        return built;
    }

    private void install(T component, ServiceSnapshot from) {
        // snapshot before current: a reader that sees the new component sees at least its snapshot
        snapshot = from;
        current = component;
    }

    private void closeQuietly(T component, String when) {
        try {
            component.close();
        } catch (Exception e) {
            LOG.warn("{}: closing the old component {} failed", name, when, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The changes in words, for logs and the launcher: {@code couchbase MOVED 1: 10.1.1.2 -> 10.1.53.5}.
     * Without changes (a re-list) it compares the address lists.
     */
    static String reason(ServiceSnapshot before, ServiceSnapshot after, List<ServiceChange> changes) {
        if (changes.isEmpty()) {
            return after.service() + " instances " + (before == null ? "[]" : before.hostsAndPorts()) + " -> "
                    + after.hostsAndPorts();
        }
        return changes.stream().map(ComponentSupervisor::describe).collect(Collectors.joining("; "));
    }

    private static String describe(ServiceChange change) {
        String head = change.service() + " " + change.kind() + " " + change.instanceId();
        return switch (change.kind()) {
            case ADDED -> head + ": " + change.value();
            case MOVED -> head + ": " + change.previousValue() + " -> " + change.value();
            case REFRESHED -> head + ": " + change.value();
            case REMOVED -> change.previousValue() == null ? head : head + ": was " + change.previousValue();
        };
    }

    private static String describe(ServiceSnapshot snapshot) {
        return snapshot == null ? "nothing" : snapshot.instances().size() + " instance(s) " + snapshot.hostsAndPorts()
                + " at revision " + snapshot.revision();
    }

    /**
     * Collects the parts; {@link #build()} rejects an incomplete or inconsistent set.
     *
     * @param <T> the component's type
     */
    public static final class Builder<T extends AutoCloseable> {
        private String name;
        private RestartPolicy policy;
        private Function<ServiceSnapshot, ? extends T> factory;
        private RestartRequestListener restartListener;
        private Consumer<? super T> onSwap;

        private Builder() {
        }

        /** The component's name in logs and restart reasons, for example {@code couchbase}. Required. */
        public Builder<T> name(String name) {
            this.name = name;
            return this;
        }

        /** RELOAD or EXIT. Required. */
        public Builder<T> policy(RestartPolicy policy) {
            this.policy = policy;
            return this;
        }

        /**
         * Builds a component from a snapshot. Required. It may throw: under RELOAD the old component
         * then stays. It must not return {@code null}.
         */
        public Builder<T> factory(Function<ServiceSnapshot, ? extends T> factory) {
            this.factory = factory;
            return this;
        }

        /** Hears restart requests. Required for EXIT; never called under RELOAD. */
        public Builder<T> restartListener(RestartRequestListener restartListener) {
            this.restartListener = restartListener;
            return this;
        }

        /**
         * Optional: called with each new component right after it became {@link #current()} and before
         * the old one is closed, for whatever holds a direct reference to it. That is every rebuild, and
         * the first component when the watch started it; not the one {@link #start} returns, which its
         * caller has.
         */
        public Builder<T> onSwap(Consumer<? super T> onSwap) {
            this.onSwap = onSwap;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming what is missing
         */
        public ComponentSupervisor<T> build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a supervised component needs a name");
            }
            if (policy == null) {
                throw new IllegalArgumentException(name + ": a restart policy is required (RELOAD or EXIT)");
            }
            if (factory == null) {
                throw new IllegalArgumentException(name + ": a factory that builds the component is required");
            }
            if (policy == RestartPolicy.EXIT && restartListener == null) {
                throw new IllegalArgumentException(name + ": the EXIT policy needs a restart listener "
                        + "(the launcher) to report to");
            }
            return new ComponentSupervisor<>(this);
        }
    }
}
