package dev.rsvpstack.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * What to announce: {@code /services/<service>/<instance>} = {@code address}, under a lease.
 *
 * @param service       the service name, for example {@code memcached}
 * @param instance      this instance's id, for example {@code 1}
 * @param address       {@code host}, {@code host:port} or {@code [v6]:port}
 * @param ttl           the lease's time to live (default 8 s, as in the book)
 * @param probe         keeps the key only while it passes
 * @param probeInterval how often the probe runs
 */
public record RegistrationRequest(String service, String instance, String address, Duration ttl, HealthProbe probe,
                                  Duration probeInterval) {
    public RegistrationRequest {
        requireName(service, "service");
        requireName(instance, "instance");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (ttl.toSeconds() < 2) {
            throw new IllegalArgumentException("ttl must be at least 2 s (etcd leases count whole seconds), was " + ttl);
        }
        if (probeInterval.isZero() || probeInterval.isNegative()) {
            throw new IllegalArgumentException("probeInterval must be positive, was " + probeInterval);
        }
    }

    public static Builder builder(String service, String instance, String address) {
        return new Builder(service, instance, address);
    }

    /** The etcd key. */
    public String key() {
        return ServiceKeys.instanceKey(service, instance);
    }

    private static void requireName(String value, String what) {
        ServiceKeys.requireName(value, what);
    }

    /** Builds a request; {@link #build()} validates it. */
    public static final class Builder {
        private final String service;
        private final String instance;
        private final String address;
        private Duration ttl = Duration.ofSeconds(8);
        private HealthProbe probe = HealthProbes.always();
        private Duration probeInterval;

        private Builder(String service, String instance, String address) {
            this.service = service;
            this.instance = instance;
            this.address = address;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** Keeps the key only while {@code probe} passes, checked every {@code interval}. */
        public Builder probe(HealthProbe probe, Duration interval) {
            this.probe = probe;
            this.probeInterval = interval;
            return this;
        }

        public RegistrationRequest build() {
            Duration interval = probeInterval != null ? probeInterval
                    : ttl == null ? null : ttl.dividedBy(3);
            return new RegistrationRequest(service, instance, address, ttl, probe, interval);
        }
    }
}
