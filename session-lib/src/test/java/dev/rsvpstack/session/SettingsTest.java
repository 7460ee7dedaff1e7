package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {
    @Test
    void session_settings_default_to_express_session_with_safer_cookies() {
        SessionSettings settings = SessionSettings.builder("s").build();
        assertThat(settings.cookieName()).isEqualTo("connect.sid");
        assertThat(settings.httpOnly()).isTrue();
        assertThat(settings.sameSite()).isEqualTo(SameSite.LAX);
        assertThat(settings.saveUninitialized()).isFalse();
        assertThat(settings.ttl()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void session_settings_reject_nonsense_at_build_naming_it() {
        assertThatThrownBy(() -> SessionSettings.builder("").build()).hasMessageContaining("secret");
        assertThatThrownBy(() -> SessionSettings.builder("s").cookieName("a b").build()).hasMessageContaining("cookieName");
        assertThatThrownBy(() -> SessionSettings.builder("s").path("x").build()).hasMessageContaining("path");
        assertThatThrownBy(() -> SessionSettings.builder("s").maxAge(Duration.ZERO).build()).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> SessionSettings.builder("s").sameSite(SameSite.NONE).build())
                .hasMessageContaining("secure");
        assertThatThrownBy(() -> SessionSettings.builder("s").secrets(List.of()).build()).hasMessageContaining("secret");
    }

    @Test
    void memcached_settings_reject_nonsense_at_build_naming_it() {
        assertThatThrownBy(() -> MemcachedSettings.builder().build()).hasMessageContaining("node");
        InetSocketAddress node = new InetSocketAddress("127.0.0.1", 11211);
        assertThatThrownBy(() -> MemcachedSettings.builder().node(node).keyPrefix("a b").build())
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> MemcachedSettings.builder().node(node).operationTimeout(Duration.ZERO).build())
                .hasMessageContaining("operationTimeout");
        assertThat(MemcachedSettings.builder().node(node).build().keyPrefix()).isEqualTo("sess:");
    }
}
