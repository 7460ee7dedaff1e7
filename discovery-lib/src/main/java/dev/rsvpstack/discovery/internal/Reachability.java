package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ConnectionState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether etcd answers, as a state a caller can read, one log line per transition (not per failed
 * request) and the gauge {@code discovery.etcd.reachable} (1 or 0).
 */
public final class Reachability {
    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final String endpoints;
    private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.CONNECTED);
    private final MeterRegistry registry;
    private final Gauge gauge;

    public Reachability(String endpoints, MeterRegistry registry) {
        this.endpoints = endpoints;
        this.registry = registry;
        this.gauge = Gauge.builder("discovery.etcd.reachable", state, s -> s.get() == ConnectionState.CONNECTED ? 1 : 0)
                .description("1 while etcd answers, 0 while discovery serves its last good snapshots")
                .register(registry);
    }

    /**
     * Takes the gauge off the registry: a closed discovery (or one given up at start for a static
     * fallback) must not go on saying etcd answers.
     */
    public void unregister() {
        registry.remove(gauge);
    }

    public ConnectionState state() {
        return state.get();
    }

    public void answered() {
        if (state.getAndSet(ConnectionState.CONNECTED) == ConnectionState.UNREACHABLE) {
            LOG.info("etcd at {} answers again", endpoints);
        }
    }

    /**
     * A request failed. A refusal by a member without a leader does not count: that member answers,
     * and the {@link QuorumMonitor} reports it; another member may serve the next request.
     */
    public void failed(String what, Throwable cause) {
        if (Failures.isNoLeader(cause)) {
            return;
        }
        if (state.getAndSet(ConnectionState.UNREACHABLE) == ConnectionState.CONNECTED) {
            LOG.warn("etcd at {} is unreachable ({}: {}); serving the last good snapshots until it answers",
                    endpoints, what, Failures.describe(cause));
        }
    }
}
