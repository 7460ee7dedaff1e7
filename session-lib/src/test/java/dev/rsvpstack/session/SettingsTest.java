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

    @Test
    void memcached_settings_place_keys_as_npm_memcached_unless_told_otherwise() {
        InetSocketAddress node = new InetSocketAddress("127.0.0.1", 11211);
        assertThat(MemcachedSettings.builder().node(node).build().placement()).isEqualTo(KeyPlacement.NPM_MEMCACHED);
        assertThat(MemcachedSettings.builder().node(node).placement(KeyPlacement.XMEMCACHED_KETAMA).build().placement())
                .isEqualTo(KeyPlacement.XMEMCACHED_KETAMA);
    }

    @Test
    void heir_backup_is_on_with_npm_placement_off_with_ketama_and_refused_with_ketama_when_asked_for() {
        InetSocketAddress node = new InetSocketAddress("127.0.0.1", 11211);
        assertThat(MemcachedSettings.builder().node(node).build().heirBackup()).isTrue();
        assertThat(MemcachedSettings.builder().node(node).heirBackup(false).build().heirBackup()).isFalse();
        assertThat(MemcachedSettings.builder().node(node).placement(KeyPlacement.XMEMCACHED_KETAMA).build().heirBackup())
                .isFalse();
        assertThatThrownBy(() -> MemcachedSettings.builder().node(node).placement(KeyPlacement.XMEMCACHED_KETAMA)
                .heirBackup(true).build()).hasMessageContaining("heirBackup").hasMessageContaining("NPM_MEMCACHED");
    }

    @Test
    void a_record_secret_connect_memcached_would_refuse_is_refused_at_build_and_never_printed() {
        InetSocketAddress node = new InetSocketAddress("127.0.0.1", 11211);
        assertThatThrownBy(() -> MemcachedSettings.builder().node(node).recordSecret("password").build())
                .hasMessageContaining("recordSecret").hasMessageNotContaining("password");
        MemcachedSettings settings = MemcachedSettings.builder().node(node).recordSecret("Record-Secret-42!!").build();
        assertThat(settings.recordSecret()).contains("Record-Secret-42!!");
        assertThat(settings.toString()).doesNotContain("Record-Secret-42!!").contains("recordSecret=(set)");
    }

    @Test
    void a_node_is_named_host_colon_port_with_the_port_always_written() {
        assertThat(MemcachedSettings.serverString(new InetSocketAddress("10.0.0.5", 11211))).isEqualTo("10.0.0.5:11211");
        assertThat(MemcachedSettings.serverString(InetSocketAddress.createUnresolved("memcached-1", 11212)))
                .isEqualTo("memcached-1:11212");
        assertThat(MemcachedSettings.serverString(InetSocketAddress.createUnresolved("::1", 11211)))
                .isEqualTo("[0:0:0:0:0:0:0:1]:11211");
        assertThat(MemcachedSettings.serverString(new InetSocketAddress("::1", 11211)))
                .isEqualTo("[0:0:0:0:0:0:0:1]:11211");
    }
}
