package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real npm packages (express-session 1.19, connect-memcached 3.0) under this machine's Node.js,
 * and session-lib, on one memcached node: each accepts the other's cookies and reads the other's
 * records. The Node project is src/test/node; {@code npm ci} installs it into target/ on first use.
 */
class ExpressInteropIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);
    private static final Path NODE_DIR = Path.of("target", "node-interop");

    private static Process node;
    private static URI nodeUri;
    private static MemcachedSessionStore store;
    private static DemoServer javaApp;
    private static DemoServer rotatedJava;
    private static Sessions rotated;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        installNodeProject();
        InetSocketAddress memcached = MEMCACHED.addresses().get(0);
        ProcessBuilder builder = new ProcessBuilder("node", "app.js").directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().put("MEMCACHED", "127.0.0.1:" + memcached.getPort());
        builder.environment().put("SECRETS", "node secret");
        node = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "failed: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(first).as("node's first line").startsWith("listening ");
        nodeUri = URI.create("http://127.0.0.1:" + first.substring("listening ".length()).trim());
        Thread drain = new Thread(() -> out.lines().forEach(line -> System.out.println("[node] " + line)), "node-out");
        drain.setDaemon(true);
        drain.start();

        store = SessionStores.memcached(MemcachedSettings.builder().nodes(List.of(memcached)).build());
        javaApp = new DemoServer(Sessions.builder(store, SessionSettings.builder("node secret")
                .maxAge(Duration.ofHours(1)).build()).build(), 0);
        rotated = Sessions.builder(store, SessionSettings.builder("new secret")
                .secrets(List.of("new secret", "node secret")).build()).build();
        rotatedJava = new DemoServer(rotated, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        if (javaApp != null) {
            javaApp.close();
            rotatedJava.close();
            store.close();
        }
    }

    @Test
    void a_session_started_by_express_continues_in_java_and_back() throws Exception {
        Http.Reply fromNode = http.get(nodeUri.resolve("/visit"), null);
        JsonNode nodeBody = json.readTree(fromNode.body());
        assertThat(nodeBody.get("views").asInt()).isEqualTo(1);
        assertThat(fromNode.cookie()).startsWith("connect.sid=s%3A" + nodeBody.get("id").asText() + ".");

        Http.Reply inJava = http.get(javaApp.uri("/visit"), fromNode.cookie());
        assertThat(inJava.id()).isEqualTo(nodeBody.get("id").asText());
        assertThat(inJava.views()).isEqualTo("2");

        // session-lib writes the session once the response is committed and does not wait for
        // memcached, so another server may read the old record for a moment.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode back = json.readTree(http.get(nodeUri.resolve("/read"), fromNode.cookie()).body());
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
                http.get(nodeUri.resolve("/read"), fromJava.cookie()).body()).at("/session/views").asInt() == 1);

        Http.Reply inNode = http.get(nodeUri.resolve("/visit"), fromJava.cookie());
        JsonNode body = json.readTree(inNode.body());
        assertThat(body.get("id").asText()).isEqualTo(fromJava.id());
        assertThat(body.get("views").asInt()).isEqualTo(2);

        Http.Reply againInJava = http.get(javaApp.uri("/read"), fromJava.cookie());
        assertThat(againInJava.views()).isEqualTo("2");
    }

    @Test
    void a_cookie_signed_by_express_with_an_older_secret_is_accepted_after_rotation() {
        Http.Reply fromNode = http.get(nodeUri.resolve("/visit"), null);
        Http.Reply inJava = http.get(rotatedJava.uri("/visit"), fromNode.cookie());
        assertThat(inJava.views()).isEqualTo("2");
        assertThat(rotated.stats().rejectedCookies()).isZero();
    }

    @Test
    void express_rejects_a_cookie_signed_with_a_secret_it_does_not_have() throws Exception {
        Http.Reply fromRotated = http.get(rotatedJava.uri("/visit"), null); // signed with "new secret"
        JsonNode body = json.readTree(http.get(nodeUri.resolve("/visit"), fromRotated.cookie()).body());
        assertThat(body.get("id").asText()).isNotEqualTo(fromRotated.id());
        assertThat(body.get("views").asInt()).isEqualTo(1);
    }

    /** npm ci into target/, once per lock file: nothing installed by hand is relied on. */
    private static void installNodeProject() throws Exception {
        Path source = Path.of("src", "test", "node");
        Files.createDirectories(NODE_DIR);
        for (String file : List.of("package.json", "package-lock.json", "app.js")) {
            Files.copy(source.resolve(file), NODE_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = NODE_DIR.resolve("node_modules").resolve(".installed-lock");
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        if (Files.exists(stamp) && Arrays.equals(Files.readAllBytes(stamp), lock)) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(NODE_DIR.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed; see " + NODE_DIR.resolve("npm-ci.log").toAbsolutePath()
                    + ":\n" + Files.readString(NODE_DIR.resolve("npm-ci.log")));
        }
        Files.write(stamp, lock);
    }
}
