package dev.rsvpstack.archiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.ServerProcess;
import dev.rsvpstack.testkit.TestkitLogs;
import dev.rsvpstack.testkit.couchbase.CouchbaseEndpoint;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@link ArchiverMain} as a child process with a status port, for kill -9 and SIGTERM tests. */
final class ArchiverProcess implements AutoCloseable {
    private final ServerProcess process;
    private final URI health;
    private long logStart;

    /** An archiver on the class's etcd and Couchbase, its spool in {@code spool}; not started. */
    static ArchiverProcess of(String name, EtcdExtension etcd, CouchbaseEndpoint couchbase, URI stream, Path spool) {
        String endpoints = etcd.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
        return new ArchiverProcess(name, endpoints, stream, couchbase.bucketName(), couchbase.password(), spool);
    }

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

    /** Starts it and waits until its status port answers. */
    ArchiverProcess start() {
        logStart = logSize();
        process.start();
        return this;
    }

    /** SIGTERM, returning at once: the test times the shutdown itself. */
    void terminate() {
        process.terminate();
    }

    /** How the last run ended; empty while it runs. */
    OptionalInt exitCode() {
        return process.exitCode();
    }

    /** What this run logged (the log file keeps earlier runs too). */
    String log() {
        try {
            String all = Files.readString(process.logFile());
            return all.substring((int) Math.min(logStart, all.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its threads' stacks (jcmd Thread.print), for the message of a test that finds it hung. */
    String threadDump() {
        if (!process.isAlive()) {
            return "(not running)";
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private long logSize() {
        try {
            return Files.exists(process.logFile()) ? Files.size(process.logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
