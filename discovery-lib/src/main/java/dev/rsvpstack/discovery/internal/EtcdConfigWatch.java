package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.discovery.ConfigListener;
import dev.rsvpstack.discovery.ServiceKeys;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.watch.WatchEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code /config/<service>/} into typed {@link ConfigValues}, with the same list-then-watch,
 * re-list and debounce rules as service watches. Values are readable from any thread.
 */
public final class EtcdConfigWatch implements Config {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdConfigWatch.class);

    private final Supplier<Client> clients;
    private final EtcdSettings settings;
    private final String prefix;
    private final ConfigValues values;
    private final ConfigListener listener;
    private final ScheduledExecutorService thread;
    private final Debouncer debouncer;
    private final PrefixWatch watch;
    private volatile boolean closed;

    public EtcdConfigWatch(Supplier<Client> clients, EtcdSettings settings, Reachability reachability, QuorumMonitor quorum,
                           String service, Collection<? extends ConfigKey<?>> keys, ConfigListener listener) {
        this.clients = clients;
        this.settings = settings;
        this.prefix = ServiceKeys.configPrefix(ServiceKeys.requireName(service, "service"));
        this.values = new ConfigValues(service, keys);
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-config-" + service);
            t.setDaemon(true);
            return t;
        });
        this.debouncer = new Debouncer(settings.debounce(), thread, System::nanoTime, this::notifyListener);
        this.watch = new PrefixWatch(clients, prefix, false, settings, reachability, quorum, thread,
                new PrefixWatch.Handler() {
                    @Override
                    public long list() throws Exception {
                        return listAll();
                    }

                    @Override
                    public void onEvents(List<WatchEvent> events) {
                        EtcdConfigWatch.this.onEvents(events);
                    }
                });
    }

    /** Reads the current values before returning (defaults if etcd does not answer), then watches. */
    public EtcdConfigWatch start() {
        try {
            thread.submit(watch::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("first read of {} failed: {}", prefix, Failures.describe(e));
        }
        return this;
    }

    @Override
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    private long listAll() throws Exception {
        GetResponse response = PrefixRead.get(clients, prefix, settings);
        Map<String, String> raw = new HashMap<>();
        for (KeyValue kv : response.getKvs()) {
            raw.put(Bytes.text(kv.getKey()).substring(prefix.length()), Bytes.text(kv.getValue()));
        }
        if (values.applyAll(raw)) {
            debouncer.changed();
        }
        return response.getHeader().getRevision();
    }

    private void onEvents(List<WatchEvent> events) {
        if (closed) {
            return;
        }
        boolean changed = false;
        for (WatchEvent event : events) {
            String name = Bytes.text(event.getKeyValue().getKey()).substring(prefix.length());
            String raw = event.getEventType() == WatchEvent.EventType.DELETE
                    ? null : Bytes.text(event.getKeyValue().getValue());
            changed |= values.apply(name, raw);
        }
        if (changed) {
            debouncer.changed();
        }
    }

    private void notifyListener() {
        if (closed) {
            return;
        }
        try {
            listener.configChanged(this);
        } catch (RuntimeException e) {
            LOG.error("config listener of {} failed", prefix, e);
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
