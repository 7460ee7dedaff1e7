package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSettingsTest {
    @Test
    void the_builder_gives_the_books_defaults_for_what_is_not_set() {
        WebSettings settings = WebSettings.builder().host("127.0.0.1").port(3000).build();

        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.latestLimit()).isEqualTo(10);
        assertThat(settings.chartMinutes()).isEqualTo(30);
        assertThat(settings.allowedOrigins()).isEmpty();
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings).isEqualTo(WebSettings.of("127.0.0.1", 3000));
    }

    @Test
    void allowed_origins_are_normalised_as_browsers_send_them() {
        WebSettings settings = WebSettings.builder().allowedOrigins(List.of(" HTTPS://RSVP.Example.com ",
                "http://10.0.0.5:3000")).build();

        assertThat(settings.allowedOrigins()).containsExactly("https://rsvp.example.com", "http://10.0.0.5:3000");
    }

    @Test
    void an_origin_with_a_path_or_another_scheme_is_rejected_by_name() {
        assertThatThrownBy(() -> WebSettings.builder().allowedOrigins(List.of("https://a.example/page")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://a.example/page");
        assertThatThrownBy(() -> WebSettings.builder().allowedOrigins(List.of("ftp://a.example")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme://host[:port]");
    }

    @Test
    void out_of_range_values_fail_at_build_naming_the_setting() {
        assertThatThrownBy(() -> WebSettings.builder().pollInterval(Duration.ofMillis(10)).build())
                .hasMessageStartingWith("pollInterval");
        assertThatThrownBy(() -> WebSettings.builder().maxConnections(0).build()).hasMessageStartingWith("maxConnections");
        assertThatThrownBy(() -> WebSettings.builder().sendQueueLimit(0).build()).hasMessageStartingWith("sendQueueLimit");
        assertThatThrownBy(() -> WebSettings.builder().maxInboundFrameBytes(1).build())
                .hasMessageStartingWith("maxInboundFrameBytes");
        assertThatThrownBy(() -> WebSettings.builder().heartbeatTimeout(null).build())
                .hasMessageContaining("heartbeatTimeout");
        assertThatThrownBy(() -> WebSettings.builder().port(70_000).build()).hasMessageStartingWith("port");
    }

    @Test
    void to_builder_changes_one_setting_and_keeps_the_others() {
        WebSettings base = WebSettings.builder().port(4000).maxConnections(5).build();

        WebSettings changed = base.toBuilder().pollInterval(Duration.ofSeconds(1)).build();

        assertThat(changed.port()).isEqualTo(4000);
        assertThat(changed.maxConnections()).isEqualTo(5);
        assertThat(changed.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }
}
