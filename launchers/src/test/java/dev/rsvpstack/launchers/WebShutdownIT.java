package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcessExtension;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import dev.rsvpstack.testkit.memcached.MemcachedNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM to the packaged {@code rsvp-stack web} whose etcd, memcached and Couchbase are gone: it must exit
 * by itself, code 143, before {@code docker stop} (10 s) would SIGKILL it.
 */
class WebShutdownIT {
    private static final Logger LOG = LoggerFactory.getLogger(WebShutdownIT.class);
    /** SIGTERM 143: the JVM ran its shutdown hooks and exited; 137 would be a SIGKILL. */
    private static final int EXITED_ON_SIGTERM = 143;
    /** The promise: below docker stop's 10 s grace, with a second to spare for a loaded machine. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(9);

    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);
    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @BeforeEach
    void announceEverything() {
        ETCD.startAll(); // a test here kills them; thaw() below undoes a freeze, the mock's extension both
        MemcachedNode memcached = MEMCACHED.node(0);
        if (!memcached.isRunning()) {
            memcached.start();
        }
        ETCD.put("/services/couchbase/1", "127.0.0.1:" + COUCHBASE.process().kvPort());
        ETCD.put("/services/memcached/1", "127.0.0.1:" + memcached.address().getPort());
    }

    @AfterEach
    void thaw() {
        // a frozen server would ignore SIGTERM: the next test's and the extensions' stop would wait on it
        if (ETCD.member(0).isRunning()) {
            ETCD.member(0).thaw();
        }
        if (MEMCACHED.node(0).isRunning()) {
            MEMCACHED.node(0).thaw();
        }
    }

    @Test
    void web_exits_within_the_stop_grace_when_etcd_memcached_and_couchbase_vanish() throws Exception {
        try (LauncherProcess web = startConnected("web-vanished")) {
            CompletableFuture.allOf(CompletableFuture.runAsync(() -> ETCD.member(0).kill()),
                    CompletableFuture.runAsync(() -> MEMCACHED.node(0).kill()),
                    CompletableFuture.runAsync(() -> COUCHBASE.process().kill())).join();

            assertExitsOnSigtermWithinTheStopBound(web, "killed");
        }
    }

    @Test
    void web_exits_within_the_stop_grace_when_etcd_memcached_and_couchbase_stop_answering() throws Exception {
        try (LauncherProcess web = startConnected("web-frozen")) {
            // SIGSTOP: the sockets stay open and nothing answers, as with a host that vanished from the network
            CompletableFuture.allOf(CompletableFuture.runAsync(() -> ETCD.member(0).freeze()),
                    CompletableFuture.runAsync(() -> MEMCACHED.node(0).freeze()),
                    CompletableFuture.runAsync(() -> COUCHBASE.process().freeze())).join();

            assertExitsOnSigtermWithinTheStopBound(web, "frozen");
        }
    }

    private LauncherProcess startConnected(String name) throws Exception {
        int port = FreePorts.next();
        URI base = URI.create("http://127.0.0.1:" + port);
        LauncherProcess web = LauncherProcess.start(name, "web",
                "--etcd-endpoints", ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(",")),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--management-port", Integer.toString(FreePorts.next()),
                // announced, so the stop also withdraws the key and drains within the bound
                "--instance", name, "--advertise", "127.0.0.1:" + port,
                "--couchbase-bucket", COUCHBASE.bucketName(),
                "--couchbase-password-file", file("couchbase-password", COUCHBASE.password()).toString(),
                "--session-secret-file", file("session-secret", "session secret\n").toString());
        try {
            // Connected to all three: ready (Couchbase queried, memcached known), then the page stores a session.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .failFast("web exited (its log is in target/launcher-logs/)", () -> !web.isAlive())
                    .until(() -> get(base.resolve("/readyz")).statusCode() == 200);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> get(base.resolve("/")).statusCode() == 200);
            return web;
        } catch (RuntimeException | Error e) {
            web.close();
            throw e;
        }
    }

    private static void assertExitsOnSigtermWithinTheStopBound(LauncherProcess web, String how) throws Exception {
        long signalled = System.nanoTime();
        web.signal();

        await().atMost(STOP_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> !web.isAlive());
        LOG.info("rsvp-stack web exited {} ms after SIGTERM with etcd, memcached and Couchbase {}",
                Duration.ofNanos(System.nanoTime() - signalled).toMillis(), how);
        assertThat(web.waitFor(0)).as("exit code after SIGTERM").isEqualTo(EXITED_ON_SIGTERM);
        assertThat(web.output()).contains("shut down cleanly");
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
