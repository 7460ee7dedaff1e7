package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.ConnectionState;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lb-sync} running: watches {@code /services/<service>/} and applies each change to HAProxy at
 * once, and passes again every {@code resync} (a restarted HAProxy, a deletion HAProxy postponed, a
 * change made by hand). One thread does every pass, so passes never overlap. A lost HAProxy or etcd is
 * logged once per outage, counted and shown in {@link #status()}; it is never fatal.
 */
final class LbSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LbSync.class);

    /** What {@code /healthz} and {@code status} show. */
    record Status(boolean haproxyReachable, String haproxyProblem, ConnectionState etcd, Instant lastPass,
                  List<ServiceInstance> registered, List<HaproxyRuntime.Server> haproxy, List<String> draining) {
    }

    private final Discovery discovery;
    private final LbReconciler reconciler;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "lb-sync");
        t.setDaemon(true);
        return t;
    });
    private final Counter failures;
    private final Counter changes;
    private final MeterRegistry registry;
    private volatile ServiceSnapshot wanted;
    private volatile Status status;
    private volatile String lastRefusal = "";
    private Subscription subscription;

    private LbSync(Discovery discovery, LbReconciler reconciler, MeterRegistry registry) {
        this.discovery = discovery;
        this.reconciler = reconciler;
        this.registry = registry;
        this.status = new Status(false, "no pass yet", discovery.state(), null, List.of(), List.of(), List.of());
        this.failures = Counter.builder("lbsync.haproxy.failures")
                .description("Passes that could not reach HAProxy's Runtime API").register(registry);
        this.changes = Counter.builder("lbsync.changes")
                .description("Changes applied to HAProxy (servers added, moved, made ready, put in maintenance, deleted)")
                .register(registry);
        Gauge.builder("lbsync.haproxy.reachable", this, sync -> sync.status.haproxyReachable() ? 1 : 0)
                .description("1 while HAProxy's Runtime API answers").register(registry);
        Gauge.builder("lbsync.servers.registered", this, sync -> sync.status.registered().size())
                .description("Instances registered in etcd").register(registry);
        Gauge.builder("lbsync.servers.haproxy", this, sync -> sync.status.haproxy().size())
                .description("Servers in the HAProxy backend after the last pass").register(registry);
    }

    /** Starts watching {@code service} and passing every {@code resync}; the first pass runs at once. */
    static LbSync start(Discovery discovery, String service, LbReconciler reconciler, Duration resync,
                        MeterRegistry registry) {
        LbSync sync = new LbSync(discovery, reconciler, registry);
        sync.subscription = discovery.watch(service, (snapshot, changes) -> {
            sync.wanted = snapshot;
            try {
                sync.thread.execute(sync::pass);
            } catch (RejectedExecutionException closing) {
                LOG.debug("a change while closing; not applied");
            }
        });
        sync.thread.scheduleWithFixedDelay(sync::pass, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        return sync;
    }

    Status status() {
        return status;
    }

    private void pass() {
        ServiceSnapshot snapshot = wanted;
        if (snapshot == null) {
            return; // never touch HAProxy before etcd said what is registered
        }
        Map<String, ServiceInstance> byId = new LinkedHashMap<>();
        snapshot.instances().forEach(instance -> byId.put(instance.id(), instance));
        Status before = status;
        try {
            LbReconciler.Pass pass = reconciler.reconcile(byId);
            if (!before.haproxyReachable() && before.lastPass() != null) {
                LOG.info("HAProxy answers again");
            }
            pass.actions().forEach(action -> {
                LOG.info("HAProxy: {}", action);
                changes.increment();
            });
            String refusals = String.join("; ", pass.refused());
            if (!refusals.isEmpty() && !refusals.equals(lastRefusal)) {
                LOG.warn("{} (tried again every pass)", refusals);
            }
            lastRefusal = refusals;
            status = new Status(true, refusals.isEmpty() ? null : refusals, discovery.state(), Instant.now(),
                    snapshot.instances(), pass.servers(), pass.draining());
        } catch (IOException | RuntimeException e) {
            failures.increment();
            if (before.haproxyReachable() || before.lastPass() == null) {
                LOG.warn("HAProxy's Runtime API does not answer: {}; retrying every pass, changes wait until it does",
                        e.getMessage());
            }
            status = new Status(false, String.valueOf(e.getMessage()), discovery.state(), Instant.now(),
                    snapshot.instances(), List.of(), List.of());
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
