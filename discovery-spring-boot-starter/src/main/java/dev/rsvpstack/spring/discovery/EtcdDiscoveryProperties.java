package dev.rsvpstack.spring.discovery;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rsvp.discovery.*}: where etcd is, and what the starter does with it. Read once at start-up
 * (also by {@code spring.config.import=etcd:}, before the application context exists), so set these in
 * {@code application.properties}, the environment or the command line, not in etcd.
 */
@ConfigurationProperties("rsvp.discovery")
public class EtcdDiscoveryProperties {
    /** The whole starter: false leaves etcd alone (the {@code etcd:} import still reads once if used). */
    private boolean enabled = true;
    /** etcd client URLs, comma-separated: {@code http(s)://host:port[,...]}. */
    private String endpoints = "http://127.0.0.1:2379";
    /** etcd user (etcd {@code --auth}); needs {@code password-file}. */
    private String username;
    /** A file holding the etcd user's password (first line); never the password itself. */
    private Path passwordFile;
    /** The CA (PEM) that signed etcd's server certificates; endpoints then use https. */
    private Path caCertificate;
    /** A client certificate (PEM) for etcd's client-certificate authentication; needs {@code client-key}. */
    private Path clientCertificate;
    /** The client certificate's PKCS#8 key (PEM). */
    private Path clientKey;
    /** How long start-up waits for etcd to answer before failing with one clear error. */
    private Duration startupTimeout = Duration.ofSeconds(10);
    /** How long one etcd request may take. */
    private Duration requestTimeout = Duration.ofSeconds(5);
    /**
     * Service watches (DiscoveryClient, LoadBalancer): a change after this long without one is delivered at
     * once; changes closer together wait until the service has been quiet this long.
     */
    private Duration debounceQuietPeriod = Duration.ofSeconds(1);
    /** Service watches: the longest a change waits while the service keeps changing. */
    private Duration debounceMaxWait = Duration.ofSeconds(5);

    private final Discovery discovery = new Discovery();
    private final Registration registration = new Registration();
    private final Election election = new Election();
    private final ConfigSource config = new ConfigSource();

    /** The Spring Cloud DiscoveryClient over {@code /services/<service>/<instance>}. */
    public static class Discovery {
        /** Offer a DiscoveryClient (and a ReactiveDiscoveryClient with Reactor) backed by etcd watches. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** This application under {@code /services/<service>/<instance>} while its Actuator health is UP. */
    public static class Registration {
        /** Register this application (needs a web server port and Spring Boot Actuator). */
        private boolean enabled = true;
        /** The service name; default {@code spring.application.name}. */
        private String service;
        /** The instance id; default {@code <host>-<port>}. */
        private String instance;
        /** The host others reach this application at; default this machine's address. */
        private String host;
        /** The port others reach it at; default the port the web server listens on. */
        private Integer port;
        /** The lease's time to live (whole seconds, at least 2 s): how long a dead instance stays listed. */
        private Duration ttl = Duration.ofSeconds(8);
        /** How often the health is checked; a DOWN health withdraws the key at the next check. */
        private Duration probeInterval = Duration.ofSeconds(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getInstance() {
            return instance;
        }

        public void setInstance(String instance) {
            this.instance = instance;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Duration getProbeInterval() {
            return probeInterval;
        }

        public void setProbeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
        }
    }

    /** discovery-lib's leader election as a {@code LeaderElection} bean. */
    public static class Election {
        /** The election to campaign in ({@code /elections/<name>}); none when unset. */
        private String name;
        /** This candidate's id, stored as the leader key's value; default {@code <host>-<pid>}. */
        private String candidateId;
        /** The lease behind the leadership: how long a dead leader blocks the next one. */
        private Duration ttl = Duration.ofSeconds(8);

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getCandidateId() {
            return candidateId;
        }

        public void setCandidateId(String candidateId) {
            this.candidateId = candidateId;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** {@code /config/<application>/} as a property source ({@code spring.config.import=etcd:}). */
    public static class ConfigSource {
        /** Apply changes under {@code /config/<application>/} while running. */
        private boolean watch = true;

        public boolean isWatch() {
            return watch;
        }

        public void setWatch(boolean watch) {
            this.watch = watch;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(String endpoints) {
        this.endpoints = endpoints;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public Path getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(Path passwordFile) {
        this.passwordFile = passwordFile;
    }

    public Path getCaCertificate() {
        return caCertificate;
    }

    public void setCaCertificate(Path caCertificate) {
        this.caCertificate = caCertificate;
    }

    public Path getClientCertificate() {
        return clientCertificate;
    }

    public void setClientCertificate(Path clientCertificate) {
        this.clientCertificate = clientCertificate;
    }

    public Path getClientKey() {
        return clientKey;
    }

    public void setClientKey(Path clientKey) {
        this.clientKey = clientKey;
    }

    public Duration getStartupTimeout() {
        return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getDebounceQuietPeriod() {
        return debounceQuietPeriod;
    }

    public void setDebounceQuietPeriod(Duration debounceQuietPeriod) {
        this.debounceQuietPeriod = debounceQuietPeriod;
    }

    public Duration getDebounceMaxWait() {
        return debounceMaxWait;
    }

    public void setDebounceMaxWait(Duration debounceMaxWait) {
        this.debounceMaxWait = debounceMaxWait;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    public Registration getRegistration() {
        return registration;
    }

    public Election getElection() {
        return election;
    }

    public ConfigSource getConfig() {
        return config;
    }
}
