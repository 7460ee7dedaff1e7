package dev.rsvpstack.spring.discovery.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EtcdConnectionsTest {
    @Test
    void a_bad_endpoint_is_refused_naming_the_property() {
        EtcdDiscoveryProperties properties = new EtcdDiscoveryProperties();
        properties.setEndpoints("localhost:2379");

        assertThatThrownBy(() -> EtcdConnections.builder(properties, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rsvp.discovery.endpoints: invalid etcd endpoint 'localhost:2379'");
    }

    @Test
    void a_user_without_a_password_file_is_refused() {
        EtcdDiscoveryProperties properties = new EtcdDiscoveryProperties();
        properties.setUsername("shop");

        assertThatThrownBy(() -> EtcdConnections.builder(properties, null))
                .hasMessageContaining("rsvp.discovery.username and rsvp.discovery.password-file go together");
    }

    @Test
    void an_unreadable_certificate_is_refused_naming_the_property_and_the_file() {
        EtcdDiscoveryProperties properties = new EtcdDiscoveryProperties();
        properties.setCaCertificate(Path.of("/nonexistent/ca.pem"));

        assertThatThrownBy(() -> EtcdConnections.builder(properties, null))
                .hasMessage("rsvp.discovery.ca-certificate: cannot read /nonexistent/ca.pem");
    }
}
