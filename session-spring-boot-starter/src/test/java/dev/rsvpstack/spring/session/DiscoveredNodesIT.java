package dev.rsvpstack.spring.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.spring.session.app.TestApplication;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The nodes from etcd (discovery-lib on the class path): the registered node at start, then a new one. */
class DiscoveredNodesIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);

    @TempDir
    Path dir;

    @Test
    void sessions_use_the_registered_nodes_and_follow_a_node_registered_later() throws Exception {
        InetSocketAddress first = MEMCACHED.addresses().get(0);
        InetSocketAddress second = MEMCACHED.addresses().get(1);
        ETCD.put("/services/memcached/a", first.getHostString() + ":" + first.getPort());
        Path secret = Files.writeString(dir.resolve("secret"), "discovered secret\n");
        String endpoints = ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1", "--rsvp.session.secret-file=" + secret,
                "--rsvp.session.discovery.enabled=true", "--rsvp.session.discovery.etcd-endpoints=" + endpoints,
                "--test.password=unused")) {
            MemcachedSessionStore store = app.getBean(MemcachedSessionStore.class);
            assertThat(store.nodes()).containsExactly(first);

            URI count = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/count");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> visit = http.send(HttpRequest.newBuilder(count).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = visit.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(http.send(HttpRequest.newBuilder(count).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("views=2");

            ETCD.put("/services/memcached/b", second.getHostString() + ":" + second.getPort());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(store.nodes()).containsExactlyInAnyOrder(first, second));
        }
    }
}
