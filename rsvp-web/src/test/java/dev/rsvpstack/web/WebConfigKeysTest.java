package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.StaticDiscovery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebConfigKeysTest {
    @Test
    void values_under_config_web_override_the_settings_but_not_host_and_port() {
        try (StaticDiscovery discovery = StaticDiscovery.builder()
                .config("web", "poll-interval", "2s")
                .config("web", "allowed-origins", "https://rsvp.example.com, http://10.0.0.5:3000")
                .config("web", "heartbeat-interval", "10s")
                .build();
             Config config = discovery.config(WebConfigKeys.SERVICE, WebConfigKeys.ALL, changed -> { })) {
            WebSettings base = WebSettings.builder().host("0.0.0.0").port(3000).build();

            WebSettings applied = WebConfigKeys.apply(base, config);

            assertThat(applied.pollInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(applied.allowedOrigins()).containsExactly("https://rsvp.example.com", "http://10.0.0.5:3000");
            assertThat(applied.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(applied.latestLimit()).isEqualTo(10);
            assertThat(applied.host()).isEqualTo("0.0.0.0");
            assertThat(applied.port()).isEqualTo(3000);
        }
    }

    @Test
    void a_value_that_breaks_its_rule_keeps_the_default() {
        try (StaticDiscovery discovery = StaticDiscovery.builder()
                .config("web", "poll-interval", "5ms")
                .config("web", "allowed-origins", "javascript:alert(1)")
                .build();
             Config config = discovery.config(WebConfigKeys.SERVICE, WebConfigKeys.ALL, changed -> { })) {
            WebSettings applied = WebConfigKeys.apply(WebSettings.builder().build(), config);

            assertThat(applied.pollInterval()).isEqualTo(WebSettings.DEFAULT_POLL_INTERVAL);
            assertThat(applied.allowedOrigins()).isEmpty();
        }
    }
}
