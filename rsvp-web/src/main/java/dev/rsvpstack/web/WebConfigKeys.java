package dev.rsvpstack.web;

import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * The web tier's settings under {@code /config/web/<name>} (the chapter's "magic numbers"), typed and
 * with the defaults of {@link WebSettings}. A launcher opens them and applies every change in-process:
 *
 * <pre>{@code
 * Config config = discovery.config("web", WebConfigKeys.ALL,
 *         changed -> web.reconfigure(WebConfigKeys.apply(web.settings(), changed)));
 * web.reconfigure(WebConfigKeys.apply(web.settings(), config));
 * }</pre>
 *
 * A value that does not parse or breaks its range keeps the last good value (discovery-lib logs it once).
 */
public final class WebConfigKeys {
    /** The service name under {@code /config/}. */
    public static final String SERVICE = "web";

    public static final ConfigKey<Duration> POLL_INTERVAL = ConfigKey
            .duration("poll-interval", WebSettings.DEFAULT_POLL_INTERVAL)
            .validate(d -> d.toMillis() >= 100, ">= 100ms");
    public static final ConfigKey<Integer> LATEST_LIMIT = ConfigKey
            .integer("latest-limit", WebSettings.DEFAULT_LATEST_LIMIT).validate(n -> n >= 1 && n <= 1000, "1..1000");
    public static final ConfigKey<Integer> CHART_MINUTES = ConfigKey
            .integer("chart-minutes", WebSettings.DEFAULT_CHART_MINUTES).validate(n -> n >= 1 && n <= 1440, "1..1440");
    public static final ConfigKey<List<String>> ALLOWED_ORIGINS = ConfigKey
            .list("allowed-origins", List.of())
            .validate(WebConfigKeys::validOrigins, "scheme://host[:port], comma-separated");
    public static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey
            .integer("max-connections", WebSettings.DEFAULT_MAX_CONNECTIONS).validate(n -> n >= 1, ">= 1");
    public static final ConfigKey<Integer> MAX_INBOUND_FRAME_BYTES = ConfigKey
            .integer("max-inbound-frame-bytes", WebSettings.DEFAULT_MAX_INBOUND_FRAME_BYTES)
            .validate(n -> n >= 16 && n <= 1024 * 1024, "16..1048576");
    public static final ConfigKey<Integer> SEND_QUEUE_LIMIT = ConfigKey
            .integer("send-queue-limit", WebSettings.DEFAULT_SEND_QUEUE_LIMIT).validate(n -> n >= 1 && n <= 1024, "1..1024");
    public static final ConfigKey<Duration> HEARTBEAT_INTERVAL = ConfigKey
            .duration("heartbeat-interval", WebSettings.DEFAULT_HEARTBEAT_INTERVAL)
            .validate(d -> d.toMillis() >= 100, ">= 100ms");
    public static final ConfigKey<Duration> HEARTBEAT_TIMEOUT = ConfigKey
            .duration("heartbeat-timeout", WebSettings.DEFAULT_HEARTBEAT_TIMEOUT)
            .validate(d -> d.toMillis() >= 100, ">= 100ms");

    /** Every key, to open a {@link Config} with. */
    public static final List<ConfigKey<?>> ALL = List.of(POLL_INTERVAL, LATEST_LIMIT, CHART_MINUTES, ALLOWED_ORIGINS,
            MAX_CONNECTIONS, MAX_INBOUND_FRAME_BYTES, SEND_QUEUE_LIMIT, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT);

    private WebConfigKeys() {
    }

    /**
     * {@code base} with every value of {@code config}; host and port stay (they are the launcher's).
     *
     * @throws IllegalArgumentException if the values together are invalid
     */
    public static WebSettings apply(WebSettings base, Config config) {
        return base.toBuilder()
                .pollInterval(config.get(POLL_INTERVAL))
                .latestLimit(config.get(LATEST_LIMIT))
                .chartMinutes(config.get(CHART_MINUTES))
                .allowedOrigins(config.get(ALLOWED_ORIGINS))
                .maxConnections(config.get(MAX_CONNECTIONS))
                .maxInboundFrameBytes(config.get(MAX_INBOUND_FRAME_BYTES))
                .sendQueueLimit(config.get(SEND_QUEUE_LIMIT))
                .heartbeatInterval(config.get(HEARTBEAT_INTERVAL))
                .heartbeatTimeout(config.get(HEARTBEAT_TIMEOUT))
                .build();
    }

    private static boolean validOrigins(List<String> origins) {
        try {
            WebSettings.builder().allowedOrigins(origins).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
