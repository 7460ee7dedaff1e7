package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdDiscoveryBuilderTest {
    @Test
    void no_endpoints_is_rejected_at_build() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no etcd endpoints");
    }

    @Test
    void endpoint_without_port_is_rejected_at_build() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(URI.create("http://10.1.1.1"))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://10.1.1.1");
    }

    @Test
    void user_without_password_is_rejected_at_build() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(URI.create("http://127.0.0.1:2379")))
                .credentials("root", null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user and a password");
    }

    @Test
    void invalid_service_name_is_rejected() {
        assertThatThrownBy(() -> RegistrationRequest.builder("web/1", "1", "127.0.0.1:3000").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'web/1'");
    }
}
