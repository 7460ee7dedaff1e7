package dev.rsvpstack.archiver.bench;

import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.codec.RawJsonTranscoder;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.UpsertOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.archiver.sim.RsvpGenerator;
import dev.rsvpstack.archiver.sim.RsvpSimulator;
import dev.rsvpstack.archiver.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcess;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Issue 5's figures, against CouchbaseMock in its own JVM: the raw SDK async upsert rate and the
 * archiver's rate over the same 100,000 RSVPs (same run, side by side, each after an untimed pass), then 5,000 RSVPs/s for 60 s
 * with the archiver's lag p99 and the peak heap of this JVM (run it with -Xmx256m). Prints one
 * "figure: value" line each; not a test.
 */
public final class ArchiverBenchmark {
    private static final int BURST = 100_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int sustainedSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        // bench/archiver/run measures the burst and the sustained run in two JVMs: the burst's
        // 100,000 RSVPs of history need more than the sustained run's -Xmx256m.
        boolean burst = args.length < 2 || Boolean.parseBoolean(args[1]);
        try (CouchbaseMockProcess couchbase = new CouchbaseMockProcess("rsvps", "bench-password").start();
             Cluster cluster = EmbeddedCouchbase.connect(couchbase, Duration.ofSeconds(30))) {
            Collection collection = cluster.bucket("rsvps").defaultCollection();
            if (burst) {
                burst(collection);
            }
            if (sustainedSeconds > 0) {
                sustained(collection, sustainedSeconds);
            }
        }
    }

    private static void burst(Collection collection) throws Exception {
        // One untimed pass of each first, so that both are measured with their code compiled. The
        // timed pass writes the same keys again: the mock's data set, which it keeps in its heap,
        // does not grow between the warm-up and the measurement.
        rawUpsertRate(collection, 1);
        archiverRate(collection, 2);
        double raw = rawUpsertRate(collection, 1);
        double archived = archiverRate(collection, 2);
        System.out.printf("raw_sdk_async_upserts_per_s: %.0f%n", raw);
        System.out.printf("archiver_rsvps_per_s: %.0f%n", archived);
        System.out.printf("archiver_share_of_raw_percent: %.1f%n", 100 * archived / raw);
    }

    /** The same messages the archiver stores, upserted directly with the same in-flight bound (256). */
    private static double rawUpsertRate(Collection collection, int seed) throws Exception {
        RsvpGenerator generator = new RsvpGenerator(MAPPER, Clock.systemUTC(), seed, seed * 100_000_000L);
        List<RsvpGenerator.GeneratedRsvp> rsvps = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            rsvps.add(generator.generate());
        }
        Semaphore inFlight = new Semaphore(256);
        UpsertOptions raw = UpsertOptions.upsertOptions().transcoder(RawJsonTranscoder.INSTANCE);
        long start = System.nanoTime();
        List<CompletableFuture<?>> all = new ArrayList<>(BURST);
        for (RsvpGenerator.GeneratedRsvp rsvp : rsvps) {
            inFlight.acquire();
            all.add(collection.async().upsert("raw::" + rsvp.rsvpId(), rsvp.json().getBytes(StandardCharsets.UTF_8), raw)
                    .whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return BURST / seconds(start);
    }

    /** 100,000 RSVPs waiting in the simulator's history, replayed as fast as the archiver takes them. */
    private static double archiverRate(Collection collection, int seed) throws Exception {
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 20_000, BURST, BURST),
                new RsvpGenerator(MAPPER, Clock.systemUTC(), seed, seed * 100_000_000L))) {
            while (!simulator.finished()) {
                Thread.sleep(50); // the stream's history filling up; not measured
            }
            collection.upsert("archiver::checkpoint", JsonObject.create().put("mtime", 0));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(simulator.uri())
                    .spoolDirectory(Files.createTempDirectory("bench-spool")).build(), new RsvpParser(MAPPER),
                    new CouchbaseRsvpStore(collection), MAPPER, registry).start()) {
                // Timed from the first message, like the raw run, which has no connection to make.
                while (archiver.stats().received() == 0) {
                    Thread.onSpinWait();
                }
                long start = System.nanoTime();
                long storedAtStart = archiver.stats().stored();
                while (archiver.stats().stored() < BURST) {
                    Thread.sleep(5); // polling for completion; the interval bounds the error at 5 ms
                }
                double rate = (BURST - storedAtStart) / seconds(start);
                System.err.println("burst: " + archiver.stats()); // retries or spooling would explain a slow run
                return rate;
            }
        }
    }

    private static void sustained(Collection collection, int seconds) throws Exception {
        int rate = 5_000;
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, rate, 10_000,
                (long) rate * seconds), new RsvpGenerator(MAPPER, Clock.systemUTC(), 5, 500_000_000L))) {
            collection.upsert("archiver::checkpoint", JsonObject.create().put("mtime", 0));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long peak = 0;
            try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(simulator.uri())
                    .spoolDirectory(Files.createTempDirectory("bench-spool")).build(), new RsvpParser(MAPPER),
                    new CouchbaseRsvpStore(collection), MAPPER, registry).start()) {
                while (!simulator.finished() || archiver.stats().stored() < simulator.generatedCount()) {
                    // The whole heap sampled at once: the pools' own peaks happen at different times,
                    // so their sum overstates the peak.
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    Thread.sleep(100); // the 60 s run itself
                }
                DistributionSummary lag = registry.get("archiver.lag").summary();
                for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
                    System.out.printf("sustained_%d_per_s_lag_p%.0f_ms: %.1f%n", rate, p.percentile() * 100,
                            p.value() * 1000);
                }
                System.out.printf("sustained_%d_per_s_stored: %d of %d%n", rate, archiver.stats().stored(),
                        simulator.generatedCount());
            }
            System.out.printf("sustained_peak_heap_mb: %.0f (max heap %d MB)%n", peak / 1024.0 / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1024 / 1024);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
