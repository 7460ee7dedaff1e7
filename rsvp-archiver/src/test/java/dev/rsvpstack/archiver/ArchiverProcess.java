package dev.rsvpstack.archiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.ServerProcess;
import dev.rsvpstack.testkit.TestkitLogs;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link ArchiverMain} as a child process with a status port, for kill -9 tests. */
final class ArchiverProcess implements AutoCloseable {
    private final ServerProcess process;
    private final URI health;

    ArchiverProcess(String name, String etcd, URI stream, String bucket, String password, Path spool) {
        this(name, etcd, stream, bucket, password, spool, ArchiverServiceSettings.DEFAULT_LEADER_GRACE);
    }

    ArchiverProcess(String name, String etcd, URI stream, String bucket, String password, Path spool,
                    Duration grace) {
        int port = FreePorts.next();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of("env", "COUCHBASE_PASSWORD=" + password, java, "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ArchiverMain.class.getName(),
                etcd, name, Integer.toString(port), spool.toString(), stream.toString(), bucket,
                Long.toString(grace.toMillis()));
        this.process = new ServerProcess(name, command, TestkitLogs.dir("archiver").resolve(name + ".log"),
                new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(30));
        this.health = URI.create("http://127.0.0.1:" + port + "/healthz");
    }

    ArchiverProcess start() {
        process.start();
        return this;
    }

    void kill() {
        process.kill();
    }

    /** SIGSTOP: the process is paused as by a long GC or a stalled VM; its sockets stay open. */
    void freeze() {
        process.freeze();
    }

    /** SIGCONT. */
    void thaw() {
        process.thaw();
    }

    /** The service's /healthz JSON, or an empty object while it does not answer. */
    JsonNode health() {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new ObjectMapper().readTree(body);
        } catch (Exception e) {
            return new ObjectMapper().valueToTree(Map.of());
        }
    }

    boolean isLeader() {
        return "leader".equals(health().path("role").asText());
    }

    @Override
    public void close() {
        process.close();
    }
}
