package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** etcd with authentication on (its own member: auth cannot be turned off again cheaply). */
class EtcdAuthIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    private static final String PASSWORD = "auth-it-password";

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void enableAuthentication() throws Exception {
        try (Client client = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build()) {
            Auth auth = client.getAuthClient();
            auth.userAdd(bytes("root"), bytes(PASSWORD)).get(10, TimeUnit.SECONDS);
            auth.roleAdd(bytes("root")).get(10, TimeUnit.SECONDS);
            auth.userGrantRole(bytes("root"), bytes("root")).get(10, TimeUnit.SECONDS);
            auth.authEnable().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void discovery_with_credentials_registers_and_looks_up() {
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).credentials("root", PASSWORD)
                .debounce(Debounce.OFF).build()) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("secured", "1", "10.0.0.1:80").ttl(Duration.ofSeconds(3)).build());

            await().atMost(Duration.ofSeconds(10)).until(() -> registration.state() == Registration.State.REGISTERED);
            assertThat(discovery.lookup("secured").hostsAndPorts()).isEqualTo(List.of("10.0.0.1:80"));
        }
    }

    @Test
    void discovery_without_credentials_fails_start_saying_why() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(ETCD.endpoints())
                .requestTimeout(Duration.ofMillis(500)).retryDelay(Duration.ofMillis(100))
                .startupTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(ETCD.endpoints().get(0).toString())
                .hasMessageContaining("user name is empty");
    }
}
