package dev.rsvpstack.discovery;

import dev.rsvpstack.discovery.internal.AddressParser;
import dev.rsvpstack.discovery.internal.ConfigValues;
import java.time.Duration;
import java.util.Optional;
import java.util.Collection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same API fed from fixed configuration: the book's non-production branch ({@code 127.0.0.1}
 * for everything), for development, the demo and tests. Nothing ever changes, so a watch delivers
 * its snapshot once; registrations succeed and announce nothing.
 */
public final class StaticDiscovery implements Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(StaticDiscovery.class);
    private final Map<String, ServiceSnapshot> services;
    private final Map<String, Map<String, String>> config;

    private StaticDiscovery(Map<String, ServiceSnapshot> services, Map<String, Map<String, String>> config) {
        this.services = Map.copyOf(services);
        this.config = Map.copyOf(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ServiceSnapshot lookup(String service) {
        return services.getOrDefault(service, ServiceSnapshot.empty(service));
    }

    @Override
    public Map<String, ServiceSnapshot> lookupAll() {
        return services;
    }

    @Override
    public Subscription watch(String service, ServiceListener listener) {
        listener.onSnapshot(lookup(service), List.of());
        return () -> { };
    }

    @Override
    public Config config(String service, Collection<? extends ConfigKey<?>> keys, ConfigListener listener) {
        ConfigValues values = new ConfigValues(service, keys);
        values.applyAll(config.getOrDefault(service, Map.of()));
        return new Config() {
            @Override
            public <T> T get(ConfigKey<T> key) {
                return values.get(key);
            }

            @Override
            public void close() {
                // nothing watched
            }
        };
    }

    @Override
    public Registration register(RegistrationRequest request) {
        LOG.debug("static discovery: not announcing {} = {}", request.key(), request.address());
        return new Registration() {
            private volatile State state = State.REGISTERED;

            @Override
            public State state() {
                return state;
            }

            @Override
            public RegistrationRequest request() {
                return request;
            }

            @Override
            public void close() {
                state = State.CLOSED;
            }
        };
    }

    /** One process, no etcd: the candidate leads at once and until closed. */
    @Override
    public LeaderElection leaderElection(String electionName, String candidateId, Duration ttl,
                                         LeaderListener listener) {
        LeadershipTerm only = new LeadershipTerm(electionName, candidateId, 1);
        listener.elected(only);
        return new LeaderElection() {
            private volatile boolean leading = true;

            @Override
            public Optional<LeadershipTerm> term() {
                return leading ? Optional.of(only) : Optional.empty();
            }

            @Override
            public boolean holds(LeadershipTerm term) {
                return leading && only.equals(term);
            }

            @Override
            public Duration margin() {
                return Duration.ZERO;
            }

            @Override
            public String electionName() {
                return electionName;
            }

            @Override
            public String candidateId() {
                return candidateId;
            }

            @Override
            public boolean isLeader() {
                return leading;
            }

            @Override
            public synchronized void close() {
                if (leading) {
                    leading = false;
                    listener.revoked();
                }
            }
        };
    }

    @Override
    public ConnectionState state() {
        return ConnectionState.CONNECTED;
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** Fixed instances per service; {@link #build()} validates every address. */
    public static final class Builder {
        private final Map<String, List<String>> addresses = new LinkedHashMap<>();
        private final Map<String, Integer> defaultPorts = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> config = new LinkedHashMap<>();

        private Builder() {
        }

        /** A raw config value, as it would stand under {@code /config/<service>/<name>}. */
        public Builder config(String service, String name, String raw) {
            config.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, raw);
            return this;
        }

        /** Instances of {@code service}, ids 1, 2, … in the order given. */
        public Builder service(String service, String... hostsAndPorts) {
            addresses.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(hostsAndPorts));
            return this;
        }

        public Builder defaultPort(String service, int port) {
            defaultPorts.put(service, port);
            return this;
        }

        /** @throws IllegalArgumentException naming the first address that is not host, host:port or [v6]:port */
        public StaticDiscovery build() {
            Map<String, ServiceSnapshot> services = new LinkedHashMap<>();
            addresses.forEach((service, values) -> {
                ServiceKeys.requireName(service, "service");
                int defaultPort = defaultPorts.getOrDefault(service, 0);
                List<ServiceInstance> instances = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    String value = values.get(i);
                    AddressParser.HostPort address = AddressParser.parse(value, defaultPort).orElseThrow(() ->
                            new IllegalArgumentException("address '" + value + "' of service " + service
                                    + " is not host, host:port or [v6]:port"
                                    + (defaultPort == 0 ? " (no default port is set for it)" : "")));
                    instances.add(new ServiceInstance(Integer.toString(i + 1), address.host(), address.port()));
                }
                services.put(service, new ServiceSnapshot(service, instances, 0));
            });
            return new StaticDiscovery(services, config);
        }
    }
}
