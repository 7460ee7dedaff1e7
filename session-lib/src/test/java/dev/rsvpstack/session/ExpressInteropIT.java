package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real npm packages (express-session 1.19, connect-memcached 3.0 on npm memcached 2.2) under this
 * machine's Node.js, and session-lib, on three memcached nodes as the book runs them: each accepts the
 * other's cookies and reads the other's records. Placement across the nodes is ExpressSharedNodesIT's.
 */
class ExpressInteropIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);

    private static NodeApp node;
    private static MemcachedSessionStore store;
    private static DemoServer javaApp;
    private static DemoServer rotatedJava;
    private static Sessions rotated;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        List<InetSocketAddress> nodes = MEMCACHED.addresses();
        node = NodeApp.start(Map.of("MEMCACHED", ExpressSharedNodesIT.serverStrings(nodes), "SECRETS", "node secret"));
        store = SessionStores.memcached(TestSettings.patient(nodes).build());
        javaApp = new DemoServer(Sessions.builder(store, SessionSettings.builder("node secret")
                .maxAge(Duration.ofHours(1)).build()).build(), 0);
        rotated = Sessions.builder(store, SessionSettings.builder("new secret")
                .secrets(List.of("new secret", "node secret")).build()).build();
        rotatedJava = new DemoServer(rotated, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (javaApp != null) {
            javaApp.close();
            rotatedJava.close();
            store.close();
        }
    }

    @Test
    void a_session_started_by_express_continues_in_java_and_back() throws Exception {
        Http.Reply fromNode = http.get(node.uri("/visit"), null);
        JsonNode nodeBody = json.readTree(fromNode.body());
        assertThat(nodeBody.get("views").asInt()).isEqualTo(1);
        assertThat(fromNode.cookie()).startsWith("connect.sid=s%3A" + nodeBody.get("id").asText() + ".");

        Http.Reply inJava = http.get(javaApp.uri("/visit"), fromNode.cookie());
        assertThat(inJava.id()).isEqualTo(nodeBody.get("id").asText());
        assertThat(inJava.views()).isEqualTo("2");

        // session-lib writes the session once the response is committed and does not wait for
        // memcached, so another server may read the old record for a moment.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode back = json.readTree(http.get(node.uri("/read"), fromNode.cookie()).body());
            assertThat(back.get("id").asText()).isEqualTo(nodeBody.get("id").asText());
            assertThat(back.at("/session/views").asInt()).isEqualTo(2);
            assertThat(back.at("/session/from").asText()).isEqualTo("node");
            assertThat(back.at("/session/cookie/originalMaxAge").asLong()).isEqualTo(3_600_000L);
        });
    }

    @Test
    void a_session_started_by_java_continues_in_express() throws Exception {
        Http.Reply fromJava = http.get(javaApp.uri("/visit"), null);
        assertThat(fromJava.views()).isEqualTo("1");
        // Written after the response was committed, not waited for: wait until express can read it.
        await().atMost(Duration.ofSeconds(5)).until(() -> json.readTree(
                http.get(node.uri("/read"), fromJava.cookie()).body()).at("/session/views").asInt() == 1);

        Http.Reply inNode = http.get(node.uri("/visit"), fromJava.cookie());
        JsonNode body = json.readTree(inNode.body());
        assertThat(body.get("id").asText()).isEqualTo(fromJava.id());
        assertThat(body.get("views").asInt()).isEqualTo(2);

        Http.Reply againInJava = http.get(javaApp.uri("/read"), fromJava.cookie());
        assertThat(againInJava.views()).isEqualTo("2");
    }

    @Test
    void a_cookie_signed_by_express_with_an_older_secret_is_accepted_after_rotation() {
        Http.Reply fromNode = http.get(node.uri("/visit"), null);
        Http.Reply inJava = http.get(rotatedJava.uri("/visit"), fromNode.cookie());
        assertThat(inJava.views()).isEqualTo("2");
        assertThat(rotated.stats().rejectedCookies()).isZero();
    }

    @Test
    void express_rejects_a_cookie_signed_with_a_secret_it_does_not_have() throws Exception {
        Http.Reply fromRotated = http.get(rotatedJava.uri("/visit"), null); // signed with "new secret"
        JsonNode body = json.readTree(http.get(node.uri("/visit"), fromRotated.cookie()).body());
        assertThat(body.get("id").asText()).isNotEqualTo(fromRotated.id());
        assertThat(body.get("views").asInt()).isEqualTo(1);
    }
}
