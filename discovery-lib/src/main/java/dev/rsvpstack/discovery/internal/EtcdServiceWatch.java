package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ChangeKind;
import dev.rsvpstack.discovery.ServiceChange;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.ServiceListener;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.Subscription;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one service prefix: lists it, watches from the next revision, classifies each event,
 * and delivers debounced snapshots. The watch itself ({@link PrefixWatch}) resumes from the last
 * revision after errors and partial partitions and lists again after a compaction. Everything runs
 * on the watch's own thread, so the listener is never called concurrently.
 */
public final class EtcdServiceWatch implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdServiceWatch.class);

    private final Supplier<Client> clients;
    private final EtcdSettings settings;
    private final String service;
    private final ServiceListener listener;
    private final Consumer<ServiceSnapshot> lastGood;
    private final InstanceTable table;
    private final ScheduledExecutorService thread;
    private final Debouncer debouncer;
    private final PrefixWatch watch;
    private final List<ServiceChange> pending = new ArrayList<>();
    private ServiceSnapshot delivered;
    private long revision;
    private volatile boolean closed;

    public EtcdServiceWatch(Supplier<Client> clients, EtcdSettings settings, String service, ServiceListener listener,
                            Reachability reachability, QuorumMonitor quorum, InvalidEntries invalid,
                            Consumer<ServiceSnapshot> lastGood, ServiceSnapshot cached) {
        this.clients = clients;
        this.settings = settings;
        this.service = service;
        this.listener = listener;
        this.lastGood = lastGood;
        this.table = new InstanceTable(service, settings.defaultPort(service), invalid);
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-watch-" + service);
            t.setDaemon(true);
            return t;
        });
        this.debouncer = new Debouncer(settings.debounce(), thread, System::nanoTime, this::deliverPending);
        this.watch = new PrefixWatch(clients, ServiceKeys.servicePrefix(service), true, settings, reachability, quorum,
                thread, new PrefixWatch.Handler() {
                    @Override
                    public long list() throws Exception {
                        return listAll();
                    }

                    @Override
                    public void onEvents(List<WatchEvent> events) {
                        EtcdServiceWatch.this.onEvents(events);
                    }
                });
        if (cached != null) {
            // etcd may be down right now: the listener starts from what this process last knew.
            thread.execute(() -> deliver(cached, List.of()));
        }
    }

    public EtcdServiceWatch start() {
        thread.execute(watch::start);
        return this;
    }

    private long listAll() throws Exception {
        GetResponse response = PrefixRead.get(clients, ServiceKeys.servicePrefix(service), settings);
        revision = response.getHeader().getRevision();
        table.clear();
        for (KeyValue kv : response.getKvs()) {
            String value = Bytes.text(kv.getValue());
            table.instanceId(Bytes.text(kv.getKey()), value).ifPresent(id -> table.put(id, value));
        }
        pending.clear();
        ServiceSnapshot snapshot = table.snapshot(revision);
        if (!snapshot.sameInstancesAs(delivered)) {
            deliver(snapshot, List.of());
        }
        return revision;
    }

    private void onEvents(List<WatchEvent> events) {
        if (closed) {
            return;
        }
        for (WatchEvent event : events) {
            KeyValue kv = event.getKeyValue();
            String key = Bytes.text(kv.getKey());
            boolean delete = event.getEventType() == WatchEvent.EventType.DELETE;
            String value = delete ? null : Bytes.text(kv.getValue());
            revision = Math.max(revision, kv.getModRevision());
            Optional<String> id = table.instanceId(key, value);
            if (id.isEmpty()) {
                continue;
            }
            String known = delete ? table.remove(id.get()) : table.put(id.get(), value);
            KeyValue prev = event.getPrevKV();
            String previous = prev != null && prev.getVersion() > 0 ? Bytes.text(prev.getValue()) : known;
            ChangeKind kind = ChangeClassifier.classify(delete, kv.getCreateRevision(), kv.getModRevision(),
                    previous, value);
            LOG.debug("{} {} ({} -> {})", kind, key, previous, value);
            if (kind.changesTopology()) {
                pending.add(new ServiceChange(kind, service, id.get(), previous, value, kv.getModRevision()));
                debouncer.changed();
            }
        }
    }

    private void deliverPending() {
        ServiceSnapshot snapshot = table.snapshot(revision);
        List<ServiceChange> changes = List.copyOf(pending);
        pending.clear();
        if (!snapshot.sameInstancesAs(delivered)) {
            deliver(snapshot, changes);
        }
    }

    private void deliver(ServiceSnapshot snapshot, List<ServiceChange> changes) {
        if (closed) {
            return;
        }
        delivered = snapshot;
        lastGood.accept(snapshot);
        try {
            listener.onSnapshot(snapshot, changes);
        } catch (RuntimeException e) {
            LOG.error("listener of service {} failed on snapshot {}", service, snapshot.hostsAndPorts(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return; // closed by its owner and again by the discovery that made it
        }
        closed = true;
        thread.execute(watch::close);
        thread.shutdown();
    }
}
