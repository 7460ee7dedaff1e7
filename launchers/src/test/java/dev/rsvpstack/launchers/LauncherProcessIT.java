package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import dev.rsvpstack.testkit.memcached.MemcachedNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged executable's subcommands as real processes: signals, exit codes, etcd, memcached. */
class LauncherProcessIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);
    private static Client etcd;

    @BeforeAll
    static void connect() {
        etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build();
    }

    @AfterAll
    static void disconnect() {
        etcd.close();
    }

    private static String endpoints() {
        return ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    private static Optional<String> value(String key) throws Exception {
        var kvs = etcd.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8), GetOption.DEFAULT)
                .get(5, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0).getValue().toString(StandardCharsets.UTF_8));
    }

    @Test
    void sidekick_announces_memcached_only_while_it_answers_and_revokes_on_sigterm() throws Exception {
        MemcachedNode node = MEMCACHED.node(0);
        String address = "127.0.0.1:" + node.address().getPort();
        try (LauncherProcess sidekick = LauncherProcess.start("sidekick", "sidekick", "--etcd-endpoints", endpoints(),
                "--service", "memcached", "--instance", "1", "--address", address, "--probe", "memcached",
                "--ttl", "3s")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> value("/services/memcached/1").equals(Optional.of(address)));

            node.kill();
            await().atMost(Duration.ofSeconds(10)).until(() -> value("/services/memcached/1").isEmpty());
            node.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> value("/services/memcached/1").equals(Optional.of(address)));

            assertThat(sidekick.terminate(15)).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(value("/services/memcached/1")).as("revoked at once, not after the TTL").isEmpty();
            assertThat(sidekick.output()).contains("deregistered /services/memcached/1");
        }
    }

    @Test
    void sim_streams_rsvps_and_stops_cleanly_on_sigterm() throws Exception {
        int port = FreePorts.next();
        try (LauncherProcess sim = LauncherProcess.start("sim", "sim", "--port", Integer.toString(port),
                "--rate", "50")) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            ClientManager client = ClientManager.createClient();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/2/rsvps");
            Session session = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    client.connectToServer(new Endpoint() {
                        @Override
                        public void onOpen(Session session, EndpointConfig config) {
                            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                        }
                    }, ClientEndpointConfig.Builder.create().build(), uri), s -> s != null);
            try {
                assertThat(received.poll(10, TimeUnit.SECONDS)).contains("\"rsvp_id\"");
            } finally {
                session.close();
                client.shutdown();
            }

            assertThat(sim.terminate(15)).isEqualTo(143);
            assertThat(sim.output()).contains("RSVP simulator stopped");
        }
    }

    @Test
    void archiver_without_a_password_file_fails_at_start_with_exit_code_2() throws Exception {
        try (LauncherProcess archiver = LauncherProcess.start("archiver-bad-config", "archiver", "--etcd-endpoints",
                endpoints())) {
            assertThat(archiver.waitFor(30)).isEqualTo(2);
            assertThat(archiver.output()).contains("--couchbase-password-file is required");
        }
    }

    @Test
    void sidekick_with_an_unknown_probe_fails_at_start_naming_it() throws Exception {
        try (LauncherProcess sidekick = LauncherProcess.start("sidekick-bad-probe", "sidekick", "--etcd-endpoints",
                endpoints(), "--service", "memcached", "--instance", "1", "--address", "127.0.0.1", "--probe", "ping")) {
            assertThat(sidekick.waitFor(30)).isEqualTo(2);
            assertThat(sidekick.output()).contains("invalid configuration", "ping");
        }
    }
}
