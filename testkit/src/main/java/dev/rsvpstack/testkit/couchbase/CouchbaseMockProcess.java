package dev.rsvpstack.testkit.couchbase;

import com.couchbase.mock.CouchbaseMock;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.ServerProcess;
import dev.rsvpstack.testkit.TestkitLogs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * CouchbaseMock in a child JVM, for tests that kill, restart or freeze (SIGSTOP/SIGCONT) Couchbase. The
 * in-process {@link EmbeddedCouchbase} cannot do that: its {@code stop()} leaves KV sockets hanging.
 *
 * <p>Both ports are chosen free once, when this object is created, and reused by every start, so an SDK
 * {@code Cluster} connected before a restart finds the server again where it left it. The mock keeps no
 * data: documents are gone after a restart.
 *
 * <p>One couchbase bucket with a password (the SDK rejects an empty one; log in as the bucket's name),
 * CCCP on, KV on 127.0.0.1. The REST port binds all interfaces whatever the mock is told: it is
 * CouchbaseMock's doing, not ours. Logs go to {@code target/testkit/couchbase-mock/}.
 */
public final class CouchbaseMockProcess implements CouchbaseEndpoint, AutoCloseable {
    /** A child JVM starts in one or two seconds; leave room for a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final String HOST = "127.0.0.1";

    private final String bucketName;
    private final String password;
    private final int httpPort;
    private final int kvPort;
    private final ServerProcess process;
    private boolean frozen;
    private volatile ProcessHandle child;
    private Thread shutdownHook;

    /**
     * Picks the two ports; starts nothing.
     *
     * @param bucketName the bucket, which is also the user name the SDK logs in with
     * @param password   the bucket's password; the SDK rejects an empty one
     */
    public CouchbaseMockProcess(String bucketName, String password) {
        this.bucketName = Objects.requireNonNull(bucketName, "bucketName");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the bucket needs a password: the Couchbase SDK rejects an empty one");
        }
        this.password = password;
        this.httpPort = FreePorts.next();
        int kv = FreePorts.next();
        while (kv == httpPort) {
            kv = FreePorts.next();
        }
        this.kvPort = kv;
        String name = "couchbase-mock-" + kvPort;
        this.process = new ServerProcess(name, command(), TestkitLogs.dir("couchbase-mock").resolve(name + ".log"),
                new InetSocketAddress(HOST, kvPort), START_TIMEOUT);
    }

    /** Starts the child JVM and waits until the KV port accepts connections and REST serves the bucket. */
    public synchronized CouchbaseMockProcess start() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        frozen = false;
        try {
            process.startWithoutWaiting();
            child = ProcessHandle.of(process.pid()).orElse(null);
            killChildOnExit();
            process.awaitReady();
            awaitBucketOverRest(deadline);
        } catch (RuntimeException e) {
            process.kill(); // a half-started child must not outlive the failure
            throw e;
        }
        return this;
    }

    /** SIGTERM (SIGKILL after 10 s); a frozen mock is thawed first so it can act on it. No-op if not running. */
    public synchronized void stop() {
        thaw();
        process.stop();
    }

    /** SIGKILL: the mock dies without closing anything, like a crashed server. No-op if not running. */
    public synchronized void kill() {
        process.kill();
        frozen = false;
    }

    /** SIGSTOP: the mock keeps its sockets open but answers nothing, like a server stuck in GC or swap. */
    public synchronized void freeze() {
        process.freeze();
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}; no-op if the mock is not frozen. */
    public synchronized void thaw() {
        if (frozen) {
            if (process.isAlive()) {
                process.thaw();
            }
            frozen = false;
        }
    }

    /** The mock's process id, for tools that look at the process (CPU time, {@code jcmd}). */
    public synchronized long pid() {
        return process.pid();
    }

    /**
     * A full garbage collection in the mock's JVM, through {@code jcmd}, waited for. A benchmark runs it
     * between measured passes: the mock keeps every document in its heap, so without it a collection
     * of garbage that one pass left lands, at random, in the middle of another.
     */
    public synchronized void collectGarbage() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                throw new IllegalStateException(jcmd + " " + process.pid() + " GC.run failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the mock collected garbage", e);
        }
    }

    /** Stops the mock if it runs, then starts a fresh one (empty bucket) on the same ports. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Whether the child JVM is alive, frozen or not. */
    public synchronized boolean isRunning() {
        return process.isAlive();
    }

    /** Whether the mock is stopped with {@link #freeze()} and not yet thawed. */
    public synchronized boolean isFrozen() {
        return frozen;
    }

    /** The REST (cluster manager) port, the equivalent of 8091; bound on all interfaces. */
    public int httpPort() {
        return httpPort;
    }

    /** The KV port of the bucket's single node, the equivalent of 11210; fixed across restarts. */
    public int kvPort() {
        return kvPort;
    }

    /** The child's stdout and stderr, appended across restarts. */
    public Path logFile() {
        return process.logFile();
    }

    @Override
    public String connectionString() {
        return "couchbase://" + HOST + ":" + kvPort;
    }

    @Override
    public String bucketName() {
        return bucketName;
    }

    @Override
    public String password() {
        return password;
    }

    /** Thaws and stops the mock if it runs. */
    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; nothing left for it to kill
            }
            shutdownHook = null;
        }
    }

    /**
     * The child exits by itself when this JVM dies, but not while it is frozen: SIGKILL it when this JVM
     * shuts down (normal exit or SIGTERM, say a test run timing out) so no stopped mock outlives the run.
     */
    private void killChildOnExit() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> {
                ProcessHandle current = child;
                if (current != null && current.isAlive()) {
                    current.destroyForcibly();
                }
            }, process.name() + "-reaper");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    @Override
    public String toString() {
        return "CouchbaseMockProcess[" + connectionString() + ", REST port " + httpPort + ", bucket " + bucketName
                + "]";
    }

    private List<String> command() {
        String classPath = codeSource(CouchbaseMock.class) + File.pathSeparator + codeSource(CouchbaseMockMain.class);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("testkit.couchbase-mock.heap", "256m")));
        // Tests want a quick start (C1 only, serial GC); a benchmark passes its own flags instead.
        String jvmOptions = System.getProperty("testkit.couchbase-mock.jvm-options", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", classPath, CouchbaseMockMain.class.getName(),
                bucketName, password, Integer.toString(httpPort), Integer.toString(kvPort)));
        return command;
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot find the jar or directory holding " + type.getName(), e);
        }
    }

    /** The KV port accepting TCP only means the bucket exists; REST answering means the mock has started. */
    private void awaitBucketOverRest(Instant deadline) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + HOST + ":" + httpPort + "/pools/default/buckets/" + bucketName))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((bucketName + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited during start; see " + logFile());
            }
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + process.name(), e);
            }
            pause();
        }
        throw new IllegalStateException(process.name() + " REST port " + httpPort + " did not serve bucket '"
                + bucketName + "' within " + START_TIMEOUT + " (last: " + last + "); see " + logFile());
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting CouchbaseMock", e);
        }
    }
}
