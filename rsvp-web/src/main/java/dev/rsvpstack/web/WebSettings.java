package dev.rsvpstack.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the web server is told, validated once when built (Dropwizard style: one settings
 * object, passed by constructor). Build with {@link #builder()}, which starts from every default;
 * {@link #toBuilder()} changes a few settings of an existing one.
 *
 * @param host                 the address to bind
 * @param port                 the public HTTP port (page, assets, WebSocket, {@code /healthz}, {@code /readyz});
 *                             0 picks a free one
 * @param managementPort       the management listener's port ({@code /metrics}, {@code /healthz}, {@code /readyz}),
 *                             on the same host; the builder's default is {@code port + 1000} (4000 beside the
 *                             book's 3000), or 0 (a free one) when {@code port} is 0. It must differ from
 *                             {@code port} unless both are 0
 * @param pollInterval         how often the one poller of this instance queries Couchbase (default 5 s)
 * @param latestLimit          how many RSVPs the page lists (default 10, the book's query)
 * @param chartMinutes         how many minutes the rate chart covers, the current one included (default 30)
 * @param allowedOrigins       origins ({@code scheme://host[:port]}) allowed to open the WebSocket besides
 *                             the page's own; empty (the default) means same-origin only
 * @param maxConnections       WebSocket connections this instance accepts at once (default 20,000); more
 *                             are refused with 503 before the upgrade
 * @param maxInboundFrameBytes the largest message a client may send (default 4 KiB); the page sends none,
 *                             so a larger one closes the connection with 1009
 * @param sendQueueLimit       pushes that may wait for one slow client (default 8); one more and the
 *                             client is disconnected, so a slow client never grows the heap
 * @param heartbeatInterval    how often the server pings each client (default 25 s, Socket.IO's
 *                             {@code pingInterval}); browsers answer pings by themselves
 * @param heartbeatTimeout     how long a ping may go unanswered before the connection is closed (default
 *                             20 s, Socket.IO's {@code pingTimeout})
 * @param trustedProxies       IP addresses of the load balancers whose {@code X-Forwarded-Proto: https} is believed
 *                             (the session cookie is then {@code Secure}); empty (the default) believes nobody
 */
public record WebSettings(String host, int port, int managementPort, Duration pollInterval, int latestLimit,
                          int chartMinutes,
                          List<String> allowedOrigins, int maxConnections, int maxInboundFrameBytes,
                          int sendQueueLimit, Duration heartbeatInterval, Duration heartbeatTimeout,
                          List<String> trustedProxies) {
    /** The book's port. */
    public static final int DEFAULT_PORT = 3000;
    /** The management port is the public port plus this, unless set: 4000 beside 3000. */
    public static final int MANAGEMENT_PORT_OFFSET = 1000;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_LATEST_LIMIT = 10;
    public static final int DEFAULT_CHART_MINUTES = 30;
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final int DEFAULT_MAX_INBOUND_FRAME_BYTES = 4096;
    public static final int DEFAULT_SEND_QUEUE_LIMIT = 8;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public WebSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        if (managementPort < 0 || managementPort > 65_535) {
            throw new IllegalArgumentException("managementPort must be 0 to 65535, was " + managementPort);
        }
        if (managementPort == port && port != 0) {
            throw new IllegalArgumentException("managementPort must differ from port, both were " + port);
        }
        requireAtLeast("pollInterval", pollInterval, Duration.ofMillis(100));
        if (latestLimit < 1 || latestLimit > 1000) {
            throw new IllegalArgumentException("latestLimit must be 1 to 1000, was " + latestLimit);
        }
        if (chartMinutes < 1 || chartMinutes > 24 * 60) {
            throw new IllegalArgumentException("chartMinutes must be 1 to 1440, was " + chartMinutes);
        }
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        allowedOrigins = allowedOrigins.stream().map(WebSettings::origin).toList();
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (maxInboundFrameBytes < 16 || maxInboundFrameBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxInboundFrameBytes must be 16 to 1048576, was "
                    + maxInboundFrameBytes);
        }
        if (sendQueueLimit < 1 || sendQueueLimit > 1024) {
            throw new IllegalArgumentException("sendQueueLimit must be 1 to 1024, was " + sendQueueLimit);
        }
        requireAtLeast("heartbeatInterval", heartbeatInterval, Duration.ofMillis(100));
        requireAtLeast("heartbeatTimeout", heartbeatTimeout, Duration.ofMillis(100));
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        trustedProxies = trustedProxies.stream().map(a -> ipLiteral(a).getHostAddress()).distinct().toList();
    }

    /** {@link #trustedProxies()} as addresses. */
    public Set<InetAddress> trustedProxyAddresses() {
        return trustedProxies.stream().map(WebSettings::ipLiteral).collect(Collectors.toUnmodifiableSet());
    }

    /** An IPv4 or IPv6 address written as such; never a name (no DNS lookup, and a name can change). */
    private static InetAddress ipLiteral(String raw) {
        String value = raw == null ? "" : raw.strip().replace("[", "").replace("]", "");
        boolean literal = value.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || (value.contains(":") && value.matches("[0-9A-Fa-f:.]+"));
        if (!literal) {
            throw new IllegalArgumentException("a trusted proxy must be an IP address, was '" + raw + "'");
        }
        try {
            return InetAddress.getByName(value); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("a trusted proxy must be an IP address, was '" + raw + "'", e);
        }
    }

    /** Polls every 5 s for the 10 latest RSVPs, as the book did; defaults for everything else. */
    public static WebSettings of(String host, int port) {
        return builder().host(host).port(port).build();
    }

    /** A builder with every default; {@link Builder#build()} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings, to change a few. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).managementPort(managementPort).pollInterval(pollInterval)
                .latestLimit(latestLimit)
                .chartMinutes(chartMinutes).allowedOrigins(allowedOrigins).maxConnections(maxConnections)
                .maxInboundFrameBytes(maxInboundFrameBytes).sendQueueLimit(sendQueueLimit)
                .heartbeatInterval(heartbeatInterval).heartbeatTimeout(heartbeatTimeout).trustedProxies(trustedProxies);
    }

    private static void requireAtLeast(String name, Duration value, Duration minimum) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + minimum.toMillis() + " ms, was " + value);
        }
    }

    /** {@code scheme://host[:port]} in lower case, as browsers send it in {@code Origin}. */
    private static String origin(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("an allowed origin must not be blank");
        }
        URI uri;
        try {
            uri = URI.create(raw.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowed origin '" + raw + "' is not a URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("allowed origin '" + raw
                    + "' must be scheme://host[:port] with http or https and nothing after it");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** Collects the settings; every one has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Integer managementPort; // null: port + MANAGEMENT_PORT_OFFSET
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int latestLimit = DEFAULT_LATEST_LIMIT;
        private int chartMinutes = DEFAULT_CHART_MINUTES;
        private List<String> allowedOrigins = List.of();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxInboundFrameBytes = DEFAULT_MAX_INBOUND_FRAME_BYTES;
        private int sendQueueLimit = DEFAULT_SEND_QUEUE_LIMIT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private List<String> trustedProxies = List.of();

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The management listener's port; unset, it is {@code port + 1000} (or 0 when {@code port} is 0). */
        public Builder managementPort(int value) {
            managementPort = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        public Builder latestLimit(int value) {
            latestLimit = value;
            return this;
        }

        public Builder chartMinutes(int value) {
            chartMinutes = value;
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            allowedOrigins = value == null ? null : List.copyOf(value);
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxInboundFrameBytes(int value) {
            maxInboundFrameBytes = value;
            return this;
        }

        public Builder sendQueueLimit(int value) {
            sendQueueLimit = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder heartbeatTimeout(Duration value) {
            heartbeatTimeout = value;
            return this;
        }

        /** IP addresses whose {@code X-Forwarded-Proto: https} is believed. */
        public Builder trustedProxies(List<String> value) {
            trustedProxies = value == null ? null : List.copyOf(value);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public WebSettings build() {
            int management = managementPort != null ? managementPort
                    : port == 0 ? 0 : port + MANAGEMENT_PORT_OFFSET;
            return new WebSettings(host, port, management, pollInterval, latestLimit, chartMinutes, allowedOrigins,
                    maxConnections, maxInboundFrameBytes, sendQueueLimit, heartbeatInterval, heartbeatTimeout,
                    trustedProxies);
        }
    }
}
