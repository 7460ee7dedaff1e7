package dev.rsvpstack.archiver.bench;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.manager.view.DesignDocument;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewResult;
import com.couchbase.client.java.view.ViewScanConsistency;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcess;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker figure: the book's worker (listing 6.8, {@code bench/baselines/node-worker/worker.js}) and
 * rsvp-archiver, one after the other, each on its own simulator stream of the same rate, for the same time from
 * the moment it connected, into the same CouchbaseMock. Stored is counted in the bucket (a {@code _count} view
 * over each side's keys:
 * {@code rsvp::<id>} for the archiver, the book's {@code Date.now()} digits for the worker), sent is what the
 * simulator wrote to that side's connection. The simulators keep no history, so nothing is replayed: each side
 * gets the live stream from the moment it connects. Prints {@code name: value} lines; not a test.
 * Usage: {@code BookWorkerBenchmark <node-worker dir> <rate> <seconds>}
 */
public final class BookWorkerBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DESIGN = "bench_counts";
    private static final String PASSWORD = "bench-password";

    private BookWorkerBenchmark() {
    }

    // deprecation: Couchbase views are deprecated in SDK 3 and are what this project reads;
    // try: the archiver runs for the block's duration and is never called
    @SuppressWarnings({"deprecation", "try"})
    public static void main(String[] args) throws Exception {
        Path workerDir = Path.of(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        try (CouchbaseMockProcess couchbase = new CouchbaseMockProcess("rsvps", PASSWORD).start();
             Cluster cluster = EmbeddedCouchbase.connect(couchbase, Duration.ofSeconds(30))) {
            Bucket bucket = cluster.bucket("rsvps");
            bucket.viewIndexes().upsertDesignDocument(new DesignDocument(DESIGN, Map.of(
                    "archiver", new View("function (doc, meta) { if (meta.id.indexOf('rsvp::') === 0) emit(null, null); }",
                            "_count"),
                    "book", new View("function (doc, meta) { if (/^[0-9]+$/.test(meta.id)) emit(null, null); }",
                            "_count"))), DesignDocumentNamespace.PRODUCTION);

            RsvpSimulator archiverStream = simulator(rate);
            try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(archiverStream.uri())
                    .spoolDirectory(Files.createTempDirectory("bench-spool")).build(), new RsvpParser(MAPPER),
                    new CouchbaseRsvpStore(bucket.defaultCollection()), MAPPER, new SimpleMeterRegistry()).start()) {
                long sent = stream(archiverStream, seconds);
                long stored = settle(bucket, "archiver");
                System.out.printf("archiver_%d_per_s_stored: %d of %d%n", rate, stored, sent);
                System.out.printf("archiver_%d_per_s_stored_percent: %.1f%n", rate, percent(stored, sent));
            } finally {
                archiverStream.close();
            }

            Path passwordFile = Files.createTempFile("bench-couchbase", ".password");
            Files.writeString(passwordFile, PASSWORD);
            RsvpSimulator simulator = simulator(rate);
            try {
                Path log = Files.createTempFile("bench-book-worker", ".log");
                ProcessBuilder node = new ProcessBuilder("node", "worker.js").directory(workerDir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                node.environment().put("STREAM", simulator.uri().toString());
                node.environment().put("COUCHBASE", couchbase.connectionString());
                node.environment().put("BUCKET", couchbase.bucketName());
                node.environment().put("PASSWORD_FILE", passwordFile.toString());
                Process worker = node.start();
                try {
                    long sent = stream(simulator, seconds);
                    long stored = settle(bucket, "book");
                    worker.destroy(); // SIGTERM, if the end of the stream did not end it: it prints its counts
                    boolean ended = worker.waitFor(20, TimeUnit.SECONDS);
                    System.out.printf("book_worker_%d_per_s_stored: %d of %d%n", rate, stored, sent);
                    System.out.printf("book_worker_%d_per_s_stored_percent: %.1f%n", rate, percent(stored, sent));
                    List<String> output = Files.readAllLines(log);
                    String counts = output.stream().filter(line -> line.startsWith("received=")).findFirst()
                            .orElse("none (" + (ended ? "exit " + worker.exitValue() : "still running") + ")");
                    System.out.println("book_worker_own_counts: " + counts.replace(' ', ','));
                    System.out.println("book_worker_failed_upserts: " + (counts.startsWith("received=")
                            ? counts.replaceAll(".*failed=([0-9]+).*", "$1") : "n/a"));
                } finally {
                    worker.destroyForcibly();
                    Files.readAllLines(log).forEach(line -> System.err.println("worker: " + line));
                    Files.deleteIfExists(passwordFile);
                    Files.deleteIfExists(log);
                }
            } finally {
                simulator.close();
            }
        }
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** An endless stream without history: a client gets what is generated while it is connected, nothing replayed. */
    private static RsvpSimulator simulator(int rate) {
        return RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, rate, 0, 0),
                new RsvpGenerator(MAPPER, Clock.systemUTC(), 5, 500_000_000L));
    }

    /** Waits for the client, lets it have {@code seconds} of the stream, ends the stream; what was sent to it. */
    private static long stream(RsvpSimulator simulator, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (simulator.clientCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no client connected to the simulator within 60 s");
            }
            Thread.sleep(50); // waiting for the client under test to connect
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the stream itself
        simulator.close(); // the ticker stops, the client's connection is closed after what was sent to it
        return simulator.sentCount();
    }

    /** Until the side's count stayed the same for 3 s: what it stored. */
    private static long settle(Bucket bucket, String view) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long count = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = count(bucket, view);
            if (now != count) {
                count = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
                return count;
            }
            Thread.sleep(500); // polling the bucket for stores still in flight
        }
        return count;
    }

    @SuppressWarnings("deprecation") // Couchbase views are deprecated in SDK 3 and are what this project reads
    private static long count(Bucket bucket, String view) {
        ViewResult result = bucket.viewQuery(DESIGN, view, ViewOptions.viewOptions().reduce(true)
                .scanConsistency(ViewScanConsistency.REQUEST_PLUS).timeout(Duration.ofSeconds(30)));
        return result.rows().isEmpty() ? 0 : result.rows().get(0).valueAs(Long.class).orElse(0L);
    }
}
