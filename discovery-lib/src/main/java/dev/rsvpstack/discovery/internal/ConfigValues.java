package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ConfigKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed configuration of one service, fed with the raw values of {@code /config/<service>/<name>}
 * as a watcher sees them. Pure: no etcd here, so the rules are unit-tested.
 *
 * <p>The rules (the issue's): a valid value replaces the current one; an invalid value keeps the last
 * good one (or the default) and logs one warning; a deleted key goes back to the default. A key
 * nobody declared is ignored: it may belong to a newer version of the service.
 *
 * <p>{@link #apply} and {@link #applyAll} are meant for one watcher thread and are serialized;
 * {@link #get} may be called from any thread and sees each value whole.
 */
public final class ConfigValues {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigValues.class);

    private final String service;
    private final Map<String, ConfigKey<?>> keys;
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong invalidCount = new AtomicLong();
    /** The invalid raw value each key holds now, so a re-list does not warn about it again. */
    private final Map<String, String> rejected = new ConcurrentHashMap<>();

    /**
     * @param service the service whose {@code /config/<service>/} these values are
     * @param keys    the keys it declares; every one starts at its default
     * @throws IllegalArgumentException if two keys share a name
     */
    public ConfigValues(String service, Collection<? extends ConfigKey<?>> keys) {
        this.service = Objects.requireNonNull(service, "service");
        Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            ConfigKey<?> previous = byName.putIfAbsent(key.name(), key);
            if (previous != null) {
                throw new IllegalArgumentException("service '" + service + "' declares config key '" + key.name()
                        + "' twice: " + previous + " and " + key);
            }
            values.put(key.name(), key.defaultValue());
        }
        this.keys = Map.copyOf(byName);
    }

    /**
     * The current value of {@code key}: the last valid value seen, or its default.
     *
     * @throws IllegalArgumentException if {@code key} is not one this service declared
     */
    public <T> T get(ConfigKey<T> key) {
        ConfigKey<?> declared = keys.get(key.name());
        if (!key.equals(declared)) {
            throw new IllegalArgumentException("service '" + service + "' did not declare " + key
                    + (declared == null ? "" : "; it declared " + declared));
        }
        @SuppressWarnings("unchecked") // stored by the same key's parser or default
        T value = (T) values.get(key.name());
        return value;
    }

    /**
     * Takes the raw value of one key.
     *
     * @param name the key's name (last segment of the etcd key)
     * @param raw  the raw value, or {@code null} when the key was deleted
     * @return whether a typed value changed: {@code false} for an unknown key, an invalid value, or a
     *         new raw value that means the same (for example {@code 5s} after {@code PT5S})
     */
    public synchronized boolean apply(String name, String raw) {
        ConfigKey<?> key = keys.get(name);
        if (key == null) {
            LOG.debug("config /config/{}/{}: not a declared key, ignored", service, name);
            return false;
        }
        Object next;
        if (raw == null) {
            next = key.defaultValue();
        } else if (raw.equals(rejected.get(name))) {
            return false; // the same invalid value again (a re-list): already warned and counted
        } else {
            try {
                next = key.parse(raw);
            } catch (IllegalArgumentException e) {
                rejected.put(name, raw);
                long count = invalidCount.incrementAndGet();
                LOG.warn("config /config/{}/{}: ignoring invalid value '{}' ({}); keeping {} ({} invalid so far)",
                        service, name, raw, e.getMessage(), values.get(name), count);
                return false;
            }
        }
        rejected.remove(name);
        Object previous = values.put(name, next);
        boolean changed = !next.equals(previous);
        if (changed) {
            LOG.info("config /config/{}/{}: {} -> {}{}", service, name, previous, next,
                    raw == null ? " (deleted: default)" : "");
        }
        return changed;
    }

    /**
     * Takes a complete listing of {@code /config/<service>/} (after a start or a re-list): each
     * declared key present is applied, each absent one goes back to its default.
     *
     * @return whether any typed value changed
     */
    public synchronized boolean applyAll(Map<String, String> rawByName) {
        boolean changed = false;
        for (String name : keys.keySet()) {
            changed |= apply(name, rawByName.get(name));
        }
        return changed;
    }

    /** The service these values belong to. */
    public String service() {
        return service;
    }

    /**
     * How many invalid values were ignored since this object was made; the same invalid value seen
     * again (a re-list) counts once.
     */
    public long invalidCount() {
        return invalidCount.get();
    }
}
