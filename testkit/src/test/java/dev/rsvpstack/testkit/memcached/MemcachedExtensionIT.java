package dev.rsvpstack.testkit.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.exception.MemcachedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two real memcached nodes: each serves on its own, a killed one is gone, a restarted one serves again, empty. */
class MemcachedExtensionIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);

    private final List<MemcachedClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDownClientsAndBringEveryNodeBack() throws IOException {
        for (MemcachedClient client : clients) {
            client.shutdown();
        }
        MEMCACHED.startAll();
    }

    @Test
    void nodes_run_on_distinct_free_loopback_ports() {
        assertThat(MEMCACHED.size()).isEqualTo(2);
        assertThat(MEMCACHED.addresses()).hasSize(2).doesNotHaveDuplicates().allSatisfy(address -> {
            assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(address.getPort()).isPositive().isNotEqualTo(11211);
        });
        assertThat(MEMCACHED.nodes()).allSatisfy(node -> assertThat(node.isRunning()).isTrue());
    }

    @Test
    void set_and_get_work_on_each_node_independently() throws Exception {
        for (int i = 0; i < MEMCACHED.size(); i++) {
            assertThat(clientOf(MEMCACHED.node(i)).set("greeting", 0, "hello from node " + i)).isTrue();
        }

        for (int i = 0; i < MEMCACHED.size(); i++) {
            assertThat(clientOf(MEMCACHED.node(i)).<String>get("greeting")).isEqualTo("hello from node " + i);
        }
    }

    @Test
    void a_killed_node_refuses_connections() throws Exception {
        MemcachedNode victim = MEMCACHED.node(1);

        victim.kill();

        assertThat(victim.isRunning()).isFalse();
        assertThatThrownBy(() -> connectTo(victim.address())).isInstanceOf(ConnectException.class);
        MemcachedClient client = clientOf(victim);
        assertThatThrownBy(() -> client.set("key", 0, "value"))
                .isInstanceOfAny(MemcachedException.class, TimeoutException.class);
        assertThat(clientOf(MEMCACHED.node(0)).set("key", 0, "the other node still serves")).isTrue();
    }

    @Test
    void killed_node_serves_again_after_restart_on_the_same_port() throws Exception {
        MemcachedNode node = MEMCACHED.node(0);
        InetSocketAddress before = node.address();
        assertThat(clientOf(node).set("written-before-kill", 0, "lost")).isTrue();

        node.kill();
        node.start();

        assertThat(node.isRunning()).isTrue();
        assertThat(node.address()).isEqualTo(before);
        MemcachedClient client = clientOf(node);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(client.set("written-after-restart", 0, "kept")).isTrue();
            assertThat(client.<String>get("written-after-restart")).isEqualTo("kept");
        });
        assertThat(client.<String>get("written-before-kill")).as("memcached keeps nothing across a restart").isNull();
    }

    @Test
    void a_stopped_node_restarts_and_serves() throws Exception {
        MemcachedNode node = MEMCACHED.node(1);

        node.stop();
        assertThat(node.isRunning()).isFalse();
        node.restart();

        MemcachedClient client = clientOf(node);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(client.set("after-stop", 0, "ok")).isTrue());
        assertThat(client.<String>get("after-stop")).isEqualTo("ok");
    }

    @Nested
    class InANestedClass {
        @Test
        void tests_use_the_enclosing_class_nodes_not_a_second_set() throws Exception {
            assertThat(MEMCACHED.node(0).logFile().getParent().getFileName())
                    .hasToString(MemcachedExtensionIT.class.getSimpleName());
            assertThat(clientOf(MEMCACHED.node(0)).set("nested", 0, "ok")).isTrue();
        }
    }

    /** A client bound to this node alone, so every key lands on it; shut down after the test. */
    private MemcachedClient clientOf(MemcachedNode node) throws IOException {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(List.of(node.address()));
        builder.setConnectTimeout(1_000);
        builder.setOpTimeout(1_000);
        MemcachedClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static void connectTo(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1_000);
        }
    }
}
