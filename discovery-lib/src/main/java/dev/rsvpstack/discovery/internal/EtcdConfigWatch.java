package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.discovery.ConfigListener;
import dev.rsvpstack.discovery.ServiceKeys;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code /config/<service>/} into typed {@link ConfigValues}, with the same list-then-watch,
 * re-list and debounce rules as service watches. Values are readable from any thread.
 */
public final class EtcdConfigWatch implements Config {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdConfigWatch.class);

    private final Client client;
    private final EtcdSettings settings;
    private final Reachability reachability;
    private final String prefix;
    private final ConfigValues values;
    private final ConfigListener listener;
    private final ScheduledExecutorService thread;
    private final Debouncer debouncer;
    private Watch.Watcher watcher;
    private volatile boolean closed;

    public EtcdConfigWatch(Client client, EtcdSettings settings, Reachability reachability, String service,
                           Collection<? extends ConfigKey<?>> keys, ConfigListener listener) {
        this.client = client;
        this.settings = settings;
        this.reachability = reachability;
        this.prefix = ServiceKeys.configPrefix(ServiceKeys.requireName(service, "service"));
        this.values = new ConfigValues(service, keys);
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-config-" + service);
            t.setDaemon(true);
            return t;
        });
        this.debouncer = new Debouncer(settings.debounce(), thread, System::nanoTime, this::notifyListener);
    }

    /** Reads the current values before returning (defaults if etcd does not answer), then watches. */
    public EtcdConfigWatch start() {
        try {
            thread.submit(this::listAndWatch).get();
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

    private void listAndWatch() {
        if (closed) {
            return;
        }
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        try {
            GetResponse response = client.getKVClient().get(Bytes.of(prefix), GetOption.builder().isPrefix(true).build())
                    .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            reachability.answered();
            Map<String, String> raw = new HashMap<>();
            for (KeyValue kv : response.getKvs()) {
                raw.put(Bytes.text(kv.getKey()).substring(prefix.length()), Bytes.text(kv.getValue()));
            }
            if (values.applyAll(raw)) {
                debouncer.changed();
            }
            watcher = client.getWatchClient().watch(Bytes.of(prefix),
                    WatchOption.builder().isPrefix(true).withRevision(response.getHeader().getRevision() + 1).build(),
                    Watch.listener(events -> thread.execute(() -> onEvents(events)),
                            error -> thread.execute(() -> onWatchError(error))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            reachability.failed("listing " + prefix, e);
            thread.schedule(this::listAndWatch, settings.retryDelay().toMillis() * 4, TimeUnit.MILLISECONDS);
        }
    }

    private void onEvents(WatchResponse response) {
        if (closed) {
            return;
        }
        reachability.answered();
        boolean changed = false;
        for (WatchEvent event : response.getEvents()) {
            String name = Bytes.text(event.getKeyValue().getKey()).substring(prefix.length());
            String raw = event.getEventType() == WatchEvent.EventType.DELETE
                    ? null : Bytes.text(event.getKeyValue().getValue());
            changed |= values.apply(name, raw);
        }
        if (changed) {
            debouncer.changed();
        }
    }

    private void onWatchError(Throwable error) {
        if (closed) {
            return;
        }
        WatchRecovery.onError(prefix, error, reachability, thread,
                () -> !closed && (watcher == null || watcher.isClosed()), this::listAndWatch);
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
        thread.execute(() -> {
            if (watcher != null) {
                watcher.close();
            }
        });
        thread.shutdown();
    }
}
