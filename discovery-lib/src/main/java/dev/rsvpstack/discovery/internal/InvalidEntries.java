package dev.rsvpstack.discovery.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage in etcd (a value that is no address, a key of the wrong shape): counted every time it is
 * read ({@code discovery.entries.invalid}), logged once per key and value, never fatal.
 */
public final class InvalidEntries {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidEntries.class);
    private static final int REMEMBERED = 10_000;

    private final MeterRegistry registry;
    private final Counter counter;
    /** Bounded, so a stream of distinct garbage cannot grow the heap. */
    private final Set<String> logged = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public InvalidEntries(MeterRegistry registry) {
        this.registry = registry;
        this.counter = Counter.builder("discovery.entries.invalid")
                .description("etcd entries ignored because their key or value has the wrong shape")
                .register(registry);
    }

    public void report(String key, String value, String reason) {
        counter.increment();
        boolean first;
        synchronized (logged) {
            first = logged.add(key + "\u0000" + value);
        }
        if (first) {
            LOG.warn("ignoring {} = '{}': {}", key, abbreviate(value), reason);
        }
    }

    /** Takes the counter off the registry, when the discovery that reads etcd is closed. */
    public void unregister() {
        registry.remove(counter);
    }

    public long count() {
        return (long) counter.count();
    }

    private static String abbreviate(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 200) + "…";
    }
}
