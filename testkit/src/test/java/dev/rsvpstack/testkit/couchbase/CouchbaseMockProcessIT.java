package dev.rsvpstack.testkit.couchbase;

import static com.couchbase.client.java.kv.GetOptions.getOptions;
import static com.couchbase.client.java.kv.UpsertOptions.upsertOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.core.error.TimeoutException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CouchbaseMockProcessIT {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @RegisterExtension
    static final CouchbaseMockProcessExtension COUCHBASE = CouchbaseMockProcessExtension.childJvm();

    @Test
    void sdk_upserts_and_reads_back_from_the_child_process() {
        Collection collection = collection();

        collection.upsert("child::1", JsonObject.create().put("name", "Zoë"));

        assertThat(collection.get("child::1").contentAsObject().getString("name")).isEqualTo("Zoë");
        assertThat(COUCHBASE.process().isRunning()).isTrue();
        assertThat(COUCHBASE.connectionString()).isEqualTo("couchbase://127.0.0.1:" + COUCHBASE.process().kvPort());
    }

    @Test
    void sdk_reconnects_after_restart_on_same_ports() {
        CouchbaseMockProcess process = COUCHBASE.process();
        Collection collection = collection();
        collection.upsert("before-kill", JsonObject.create().put("n", 1));
        int httpPort = process.httpPort();
        int kvPort = process.kvPort();

        process.kill();
        assertThat(process.isRunning()).isFalse();
        assertThat(accepts(kvPort)).as("KV port of a killed mock").isFalse();
        process.start();

        assertThat(process.httpPort()).isEqualTo(httpPort);
        assertThat(process.kvPort()).isEqualTo(kvPort);
        assertThat(accepts(kvPort)).as("KV port of the restarted mock").isTrue();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            collection.upsert("after-restart", JsonObject.create().put("n", 2), upsertOptions().timeout(SHORT));
            assertThat(collection.get("after-restart", getOptions().timeout(SHORT)).contentAsObject().getInt("n"))
                    .isEqualTo(2);
        });
        // A fresh mock keeps no data: proof that the cluster reached a new process, not the old one.
        assertThatThrownBy(() -> collection.get("before-kill", getOptions().timeout(SHORT)))
                .isInstanceOf(DocumentNotFoundException.class);
    }

    @Test
    void sdk_get_times_out_while_frozen_and_works_after_thaw() {
        CouchbaseMockProcess process = COUCHBASE.process();
        Collection collection = collection();
        collection.upsert("frozen::1", JsonObject.create().put("n", 3));

        process.freeze();
        try {
            assertThat(process.isFrozen()).isTrue();
            assertThatThrownBy(() -> collection.get("frozen::1", getOptions().timeout(SHORT)))
                    .isInstanceOf(TimeoutException.class);
        } finally {
            process.thaw();
        }

        assertThat(process.isFrozen()).isFalse();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() ->
                assertThat(collection.get("frozen::1", getOptions().timeout(SHORT)).contentAsObject().getInt("n"))
                        .isEqualTo(3));
    }

    @Test
    void frozen_mock_restarts_promptly_on_the_same_ports() {
        CouchbaseMockProcess process = COUCHBASE.process();
        Collection collection = collection();
        process.freeze();

        long started = System.nanoTime();
        process.restart(); // thaws first: a stopped JVM would sit on SIGTERM for the whole 10 s grace

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(process.isRunning()).isTrue();
        assertThat(process.isFrozen()).isFalse();
        await().atMost(RECOVERY).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            collection.upsert("after-frozen-restart", JsonObject.create().put("n", 4), upsertOptions().timeout(SHORT));
            assertThat(collection.get("after-frozen-restart", getOptions().timeout(SHORT)).contentAsObject()
                    .getInt("n")).isEqualTo(4);
        });
    }

    private static Collection collection() {
        return COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
