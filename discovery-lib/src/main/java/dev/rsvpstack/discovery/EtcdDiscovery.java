package dev.rsvpstack.discovery;

import dev.rsvpstack.discovery.internal.EtcdClients;
import dev.rsvpstack.discovery.internal.EtcdDiscoveryImpl;
import dev.rsvpstack.discovery.internal.EtcdKeyspaceReader;
import dev.rsvpstack.discovery.internal.EtcdSettings;
import dev.rsvpstack.discovery.internal.StartupWait;
import dev.rsvpstack.discovery.internal.Ticker;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery on etcd v3. Build it once at start-up and pass it down:
 *
 * <pre>{@code
 * Discovery discovery = EtcdDiscovery.builder()
 *         .endpoints(EtcdEndpoints.parse("http://10.1.1.1:2379"))
 *         .defaultPort("memcached", 11211)
 *         .build();
 * }</pre>
 *
 * {@link Builder#build()} waits until etcd answers (retrying with backoff and saying so), and fails
 * with one clear error after {@link Builder#startupTimeout(Duration)} unless a static fallback is
 * configured, which it then returns instead.
 */
public final class EtcdDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdDiscovery.class);

    private EtcdDiscovery() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of an etcd-backed discovery; {@link #build()} validates them and connects. */
    /** etcd's gRPC metadata for "refuse this request on a member without a leader" (rpctypes.MetadataRequireLeaderKey). */
    private static final String REQUIRE_LEADER_KEY = "hasleader";
    private static final String REQUIRE_LEADER_VALUE = "true";

    public static final class Builder {
        private final List<URI> endpoints = new ArrayList<>();
        private final Map<String, Integer> defaultPorts = new HashMap<>();
        private String user;
        private String password;
        private Path caCertificate;
        private Path clientCertificate;
        private Path clientKey;
        private Debounce debounce = Debounce.DEFAULT;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration retryDelay = Duration.ofMillis(500);
        private Duration healthCheckInterval = Duration.ofSeconds(1);
        private Discovery staticFallback;
        private MeterRegistry meterRegistry;

        private Builder() {
        }

        /** etcd client URLs, for example from {@link EtcdEndpoints#parse(String)}. */
        public Builder endpoints(List<URI> uris) {
            endpoints.addAll(uris);
            return this;
        }

        /** etcd's authentication (etcd {@code --auth}); omit for none. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** TLS with this CA (PEM); endpoints then use {@code https}. */
        public Builder tls(Path caCertificate) {
            this.caCertificate = caCertificate;
            return this;
        }

        /** Client-certificate authentication (PEM certificate and PKCS#8 key). */
        public Builder clientCertificate(Path certificate, Path key) {
            this.clientCertificate = certificate;
            this.clientKey = key;
            return this;
        }

        /** The port of a value under {@code /services/<service>/} that names none. */
        public Builder defaultPort(String service, int port) {
            defaultPorts.put(service, port);
            return this;
        }

        public Builder debounce(Debounce debounce) {
            this.debounce = debounce;
            return this;
        }

        /** How long one etcd request may take (default 5 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * How long {@link #build()} waits for etcd to answer, all attempts together (default 30 s); an
         * attempt is cut short at this deadline even when the request timeout is longer.
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** The first delay between retries (default 500 ms, doubled up to 10 s). */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = delay;
            return this;
        }

        /**
         * How often discovery asks each member whether it has a leader, and each watch stream whether it
         * keeps up (default 1 s). A member cut off from its peers is noticed within about one election
         * timeout plus this; each check is one status request per member and one progress request per watch.
         */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = interval;
            return this;
        }

        /** Used instead of etcd when etcd does not answer within the start-up timeout. */
        public Builder staticFallback(Discovery fallback) {
            this.staticFallback = fallback;
            return this;
        }

        /**
         * Where the meters go ({@code discovery.etcd.reachable}, {@code discovery.entries.invalid}): give
         * the registry the application serves, or they stay in a private one nobody reads. They are
         * removed from it when the discovery closes, or when {@link #build()} gives up for the fallback.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /**
         * Validates, connects and waits until etcd answers.
         *
         * @throws IllegalArgumentException for invalid settings
         * @throws DiscoveryException       when etcd does not answer within the start-up timeout and
         *                                  no static fallback is configured
         */
        public Discovery build() {
            EtcdDiscoveryImpl connected = connect(staticFallback != null);
            return connected != null ? connected : staticFallback;
        }

        /**
         * Validates, connects and waits like {@link #build()}, for a read-only view of the keys
         * (the static fallback does not apply: it has no keys to show).
         *
         * @throws IllegalArgumentException for invalid settings
         * @throws DiscoveryException       when etcd does not answer within the start-up timeout
         */
        public KeyspaceReader buildReader() {
            return new EtcdKeyspaceReader(connect(false));
        }

        /** The connected discovery, or {@code null} when etcd did not answer and a fallback may be used. */
        private EtcdDiscoveryImpl connect(boolean fallbackAllowed) {
            EtcdSettings settings = validate();
            // The clock starts before the client is made: the start-up timeout bounds the whole wait.
            StartupWait wait = new StartupWait(endpoints.toString(), startupTimeout, requestTimeout, retryDelay,
                    Ticker.SYSTEM, StartupWait.Sleeper.SYSTEM);
            EtcdClients clients = new EtcdClients(client(endpoints).build(), memberClients());
            EtcdDiscoveryImpl discovery = new EtcdDiscoveryImpl(clients, settings,
                    meterRegistry != null ? meterRegistry : new SimpleMeterRegistry());
            Optional<StartupWait.GaveUp> gaveUp;
            try {
                gaveUp = wait.await(discovery::ping);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                discovery.close();
                throw new DiscoveryException("interrupted while connecting to etcd at " + endpoints, e);
            }
            if (gaveUp.isEmpty()) {
                LOG.info("connected to etcd at {}", endpoints);
                return discovery;
            }
            discovery.close();
            if (fallbackAllowed) {
                LOG.warn("{}; using the static fallback", gaveUp.get().reason());
                return null;
            }
            throw new DiscoveryException(gaveUp.get().reason(), gaveUp.get().lastError());
        }

        private EtcdSettings validate() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("no etcd endpoints: give at least one, e.g. http://127.0.0.1:2379");
            }
            for (URI endpoint : endpoints) {
                if (endpoint == null || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                        || endpoint.getHost() == null || endpoint.getPort() < 1) {
                    throw new IllegalArgumentException(
                            "etcd endpoint must be http(s)://host:port, was " + endpoint);
                }
                if (caCertificate != null && !"https".equals(endpoint.getScheme())) {
                    throw new IllegalArgumentException("TLS is configured but endpoint " + endpoint + " is not https");
                }
            }
            if ((user == null) != (password == null)) {
                throw new IllegalArgumentException("give both an etcd user and a password, or neither");
            }
            if ((clientCertificate == null) != (clientKey == null)) {
                throw new IllegalArgumentException("give both a client certificate and its key, or neither");
            }
            if (clientCertificate != null && caCertificate == null) {
                throw new IllegalArgumentException("a client certificate needs TLS: set tls(caCertificate) too");
            }
            for (Path file : new Path[] {caCertificate, clientCertificate, clientKey}) {
                if (file != null && !Files.isReadable(file)) {
                    throw new IllegalArgumentException("cannot read " + file);
                }
            }
            defaultPorts.forEach((service, port) -> {
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("default port of " + service + " must be 1 to 65535, was " + port);
                }
            });
            requirePositive(requestTimeout, "requestTimeout");
            requirePositive(retryDelay, "retryDelay");
            requirePositive(healthCheckInterval, "healthCheckInterval");
            requirePositive(startupTimeout, "startupTimeout");
            if (debounce == null) {
                throw new IllegalArgumentException("debounce must not be null (use Debounce.OFF)");
            }
            return new EtcdSettings(List.copyOf(endpoints), Map.copyOf(defaultPorts), debounce, requestTimeout,
                    retryDelay, healthCheckInterval);
        }

        /**
         * One client per member: for the quorum monitor, which must ask each member, and for the
         * requests that must go to a member with a leader ({@link EtcdClients}).
         */
        private Map<URI, Client> memberClients() {
            Map<URI, Client> members = new LinkedHashMap<>();
            // No retries of jetcd's own: the client has one endpoint, so a retry would ask the same member
            // again, and the quorum monitor must hear its "no leader" at once. Our callers retry.
            endpoints.forEach(endpoint -> members.put(endpoint, client(List.of(endpoint)).retryMaxAttempts(0).build()));
            return members;
        }

        private ClientBuilder client(List<URI> uris) {
            ClientBuilder builder = Client.builder().endpoints(uris.toArray(URI[]::new))
                    .connectTimeout(requestTimeout)
                    // Every request requires a leader (etcd's require-leader metadata, as the Go client's
                    // WithRequireLeader): a member cut off from its peers refuses it at once instead of
                    // answering from its stale copy or holding it until the timeout, so jetcd's retry
                    // and the lease keep-alive move to a member with a leader.
                    .header(REQUIRE_LEADER_KEY, REQUIRE_LEADER_VALUE);
            if (user != null) {
                builder.user(ByteSequence.from(user, StandardCharsets.UTF_8))
                        .password(ByteSequence.from(password, StandardCharsets.UTF_8));
            }
            if (caCertificate != null) {
                try {
                    File ca = caCertificate.toFile();
                    builder.sslContext(ssl -> {
                        ssl.trustManager(ca);
                        if (clientCertificate != null) {
                            ssl.keyManager(clientCertificate.toFile(), clientKey.toFile());
                        }
                    });
                } catch (SSLException e) {
                    throw new IllegalArgumentException("cannot set up TLS for etcd: " + e.getMessage(), e);
                }
            }
            return builder;
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration == null || duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + duration);
            }
        }
    }
}
