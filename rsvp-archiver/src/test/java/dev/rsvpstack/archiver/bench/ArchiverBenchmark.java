package dev.rsvpstack.archiver.bench;

import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.codec.RawJsonTranscoder;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.UpsertOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockProcess;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The archiver benchmark's figures, against CouchbaseMock in its own JVM: the raw SDK async upsert rate and the
 * archiver's rate over the same 100,000 RSVPs (same run, side by side: two untimed passes of each,
 * then three timed passes of each, alternating; the median of each side), then a sustained rate (5,000 or
 * 20,000 RSVPs/s) for 60 s with the archiver's lag p99, a check that every id is in Couchbase, and the
 * peak heap of this JVM (run it with -Xmx256m), after an untimed pass of {@code bench.sustained-warm-up-seconds}
 * (15) at the same rate. Usage: {@code ArchiverBenchmark <sustained seconds>
 * <burst true|false> [<sustained RSVPs/s>]}. Prints one
 * "figure: value" line each, and each pass on stderr; not a test.
 *
 * <p>System properties, for experiments: {@code bench.in-flight} (both sides; the archiver's default),
 * {@code bench.warm-up-passes} (2), {@code bench.timed-passes} (3).
 */
public final class ArchiverBenchmark {
    private static final int BURST = 100_000;
    /** Upserts outstanding at once, on both sides: the archiver's default unless set. */
    private static final int IN_FLIGHT = Integer.getInteger("bench.in-flight",
            ArchiverSettings.builder(URI.create("ws://unused")).build().maxInFlight());
    private static final int WARM_UP_PASSES = Integer.getInteger("bench.warm-up-passes", 2);
    private static final int TIMED_PASSES = Integer.getInteger("bench.timed-passes", 3);
    private static final int SUSTAINED_WARM_UP_SECONDS = Integer.getInteger("bench.sustained-warm-up-seconds", 15);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int sustainedSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        // bench/archiver/run measures the burst and the sustained run in two JVMs: the burst's
        // 100,000 RSVPs of history need more than the sustained run's -Xmx256m.
        boolean burst = args.length < 2 || Boolean.parseBoolean(args[1]);
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 5_000; // RSVPs/s of the sustained run
        try (CouchbaseMockProcess couchbase = new CouchbaseMockProcess("rsvps", "bench-password").start();
             Cluster cluster = EmbeddedCouchbase.connect(couchbase, Duration.ofSeconds(30))) {
            Collection collection = cluster.bucket("rsvps").defaultCollection();
            if (burst) {
                burst(collection, couchbase);
            }
            if (sustainedSeconds > 0) {
                // A running archiver, not a starting one: an untimed pass at the same rate first (other ids),
                // so that the timed one meets compiled code. Its figures go to stderr, not into the summary.
                sustained(collection, SUSTAINED_WARM_UP_SECONDS, rate, 400_000_000L, System.err);
                sustained(collection, sustainedSeconds, rate, 500_000_000L, System.out);
            }
        }
    }

    private static void burst(Collection collection, CouchbaseMockProcess couchbase) throws Exception {
        // Untimed passes of each first, so that both sides, the SDK and the mock are measured compiled
        // (one pass left the raw side at half its speed). Every pass writes the same keys again: the
        // mock's data set, which it keeps in its heap, does not grow between passes. The timed passes
        // alternate, and both JVMs collect their garbage before each, so that neither side pays at
        // random for a collection of what the passes before it left.
        CpuMeter cpu = new CpuMeter(couchbase.pid());
        Runnable collectGarbage = () -> {
            couchbase.collectGarbage();
            System.gc(); // this JVM too: the pass's own set-up (generated RSVPs, history) is garbage-heavy
        };
        RsvpStore couchbaseStore = new CouchbaseRsvpStore(collection);
        for (int pass = 1; pass <= WARM_UP_PASSES; pass++) {
            rawUpsertRate(collection, 1, collectGarbage, cpu);
            archiverRate(collection, 2, collectGarbage, couchbaseStore, cpu);
        }
        List<Pass> raw = new ArrayList<>();
        List<Pass> archived = new ArrayList<>();
        for (int pass = 1; pass <= TIMED_PASSES; pass++) {
            raw.add(rawUpsertRate(collection, 1, collectGarbage, cpu));
            archived.add(archiverRate(collection, 2, collectGarbage, couchbaseStore, cpu));
            System.err.printf("burst pass %d: raw %s, archiver %s (%.1f %%)%n", pass, raw.get(pass - 1),
                    archived.get(pass - 1), 100 * archived.get(pass - 1).rate() / raw.get(pass - 1).rate());
        }
        // The stream side alone: what the archiver's own path (simulator, Tyrus, validation, pipeline)
        // reaches and costs when every store completes at once.
        List<Pass> noStore = new ArrayList<>();
        for (int pass = 1; pass <= TIMED_PASSES; pass++) {
            noStore.add(archiverRate(collection, 2, collectGarbage, new InstantStore(), cpu));
        }
        double rawRate = median(raw, Pass::rate);
        double archivedRate = median(archived, Pass::rate);
        System.out.printf("raw_sdk_async_upserts_per_s: %.0f%n", rawRate);
        System.out.printf("archiver_rsvps_per_s: %.0f%n", archivedRate);
        System.out.printf("archiver_share_of_raw_percent: %.1f%n", 100 * archivedRate / rawRate);
        System.out.printf("raw_cpu_us_per_rsvp: %.1f%n", median(raw, Pass::cpuMicrosPerRsvp));
        System.out.printf("archiver_cpu_us_per_rsvp: %.1f%n", median(archived, Pass::cpuMicrosPerRsvp));
        System.out.printf("archiver_instant_store_rsvps_per_s: %.0f%n", median(noStore, Pass::rate));
        System.out.printf("archiver_instant_store_cpu_us_per_rsvp: %.1f%n", median(noStore, Pass::cpuMicrosPerRsvp));
    }

    private static double median(List<Pass> passes, ToDoubleFunction<Pass> figure) {
        double[] sorted = passes.stream().mapToDouble(figure).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** The same messages the archiver stores, upserted directly with the archiver's in-flight bound. */
    private static Pass rawUpsertRate(Collection collection, int seed, Runnable beforeTiming, CpuMeter cpu)
            throws Exception {
        RsvpGenerator generator = new RsvpGenerator(MAPPER, Clock.systemUTC(), seed, seed * 100_000_000L);
        List<RsvpGenerator.GeneratedRsvp> rsvps = new ArrayList<>(BURST);
        for (int i = 0; i < BURST; i++) {
            rsvps.add(generator.generate());
        }
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        UpsertOptions raw = UpsertOptions.upsertOptions().transcoder(RawJsonTranscoder.INSTANCE);
        beforeTiming.run();
        long start = System.nanoTime();
        long cpuStart = cpu.nanos();
        List<CompletableFuture<?>> all = new ArrayList<>(BURST);
        LongAdder failed = new LongAdder();
        for (RsvpGenerator.GeneratedRsvp rsvp : rsvps) {
            inFlight.acquire();
            // a failed upsert (a timeout on a loaded machine) is counted, not fatal: this row is information
            all.add(collection.async().upsert("raw::" + rsvp.rsvpId(), rsvp.json().getBytes(StandardCharsets.UTF_8), raw)
                    .handle((r, e) -> {
                        inFlight.release();
                        if (e != null) {
                            failed.increment();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long stored = BURST - failed.sum();
        if (failed.sum() > 0) {
            System.err.println("raw burst: " + failed.sum() + " of " + BURST + " upserts failed; the rate counts the "
                    + stored + " stored");
        }
        return new Pass(stored / seconds(start), (cpu.nanos() - cpuStart) / 1e3 / stored);
    }

    /** 100,000 RSVPs waiting in the simulator's history, replayed as fast as the archiver takes them. */
    private static Pass archiverRate(Collection collection, int seed, Runnable beforeTiming, RsvpStore store,
                                     CpuMeter cpu) throws Exception {
        try (RsvpSimulator simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 20_000, BURST, BURST),
                new RsvpGenerator(MAPPER, Clock.systemUTC(), seed, seed * 100_000_000L))) {
            while (!simulator.finished()) {
                Thread.sleep(50); // the stream's history filling up; not measured
            }
            collection.upsert("archiver::checkpoint", JsonObject.create().put("mtime", 0));
            beforeTiming.run();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(simulator.uri()).maxInFlight(IN_FLIGHT)
                    .spoolDirectory(Files.createTempDirectory("bench-spool")).build(), new RsvpParser(MAPPER),
                    store, MAPPER, registry).start()) {
                // Timed from the first message, like the raw run, which has no connection to make.
                while (archiver.stats().received() == 0) {
                    Thread.onSpinWait();
                }
                long start = System.nanoTime();
                long cpuStart = cpu.nanos();
                long storedAtStart = archiver.stats().stored();
                while (archiver.stats().stored() < BURST) {
                    Thread.sleep(5); // polling for completion; the interval bounds the error at 5 ms
                }
                Pass pass = new Pass((BURST - storedAtStart) / seconds(start),
                        (cpu.nanos() - cpuStart) / 1e3 / (BURST - storedAtStart));
                System.err.println("burst: " + archiver.stats()); // retries or spooling would explain a slow run
                return pass;
            }
        }
    }

    /** One timed pass: RSVPs per second, and CPU per RSVP of this JVM and the mock's together. */
    private record Pass(double rate, double cpuMicrosPerRsvp) {
        @Override
        public String toString() {
            return String.format("%.0f/s at %.1f µs CPU per RSVP", rate, cpuMicrosPerRsvp);
        }
    }

    /** CPU time used so far by this JVM and the mock's, which share the machine's cores. */
    private record CpuMeter(long mockPid) {
        long nanos() {
            long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long mock = ProcessHandle.of(mockPid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
                    .orElseThrow(() -> new IllegalStateException("no CPU time for the mock, pid " + mockPid));
            return own + mock;
        }
    }

    /** Completes every store at once, from a checkpoint at 0: the stream side without Couchbase. */
    private static final class InstantStore implements RsvpStore {
        @Override
        public CompletionStage<Void> store(RsvpMessage rsvp) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CheckpointStore checkpoint() {
            return new CheckpointStore() {
                @Override
                public OptionalLong load() {
                    return OptionalLong.of(0);
                }

                @Override
                public Saved save(long mtime, long term) {
                    return Saved.WRITTEN; // nothing kept
                }
            };
        }
    }

    private static void sustained(Collection collection, int seconds, int rate, long firstId, PrintStream report)
            throws Exception {
        long limit = (long) rate * seconds;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path")));
        String logConfig = System.getProperty("logback.configurationFile"); // without it logback logs everything
        if (logConfig != null) {
            command.add("-Dlogback.configurationFile=" + logConfig);
        }
        command.addAll(List.of(SimulatorProcess.class.getName(), Integer.toString(rate), Long.toString(limit),
                Long.toString(firstId), "5"));
        Process simulator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Its output is read all the time (a full pipe would stall its logging, and with it the stream).
        CompletableFuture<String> uriLine = new CompletableFuture<>();
        CompletableFuture<String> generatedLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(simulator.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("URI ")) {
                        uriLine.complete(line);
                    } else if (line.startsWith("GENERATED ")) {
                        generatedLine.complete(line);
                    } else {
                        System.err.println("simulator: " + line);
                    }
                }
            } catch (IOException e) {
                System.err.println("simulator output: " + e);
            }
            uriLine.complete(null);
            generatedLine.complete(null);
        }, "simulator-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String started = uriLine.get(60, TimeUnit.SECONDS);
            if (started == null) {
                throw new IllegalStateException("the simulator process did not start");
            }
            URI streamUri = URI.create(started.substring("URI ".length()));
            collection.upsert("archiver::checkpoint", JsonObject.create().put("mtime", 0));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            // The lag's percentiles over the whole run, not Micrometer's default two-minute rolling window.
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return DistributionStatisticConfig.builder().expiry(Duration.ofHours(1)).bufferLength(1).build()
                            .merge(config);
                }
            });
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long peak = 0;
            try (RsvpArchiver archiver = new RsvpArchiver(ArchiverSettings.builder(streamUri).maxInFlight(IN_FLIGHT)
                    .spoolDirectory(Files.createTempDirectory("bench-spool")).build(), new RsvpParser(MAPPER),
                    new CouchbaseRsvpStore(collection), MAPPER, registry).start()) {
                long start = System.nanoTime();
                long cpuStart = ownCpuNanos();
                long deadline = start + Duration.ofSeconds(seconds + 120L).toNanos(); // an archiver that falls behind
                while (archiver.stats().stored() < limit && System.nanoTime() < deadline) {
                    // The whole heap sampled at once: the pools' own peaks happen at different times,
                    // so their sum overstates the peak.
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    Thread.sleep(100); // the 60 s run itself
                }
                long cpu = ownCpuNanos() - cpuStart;
                DistributionSummary lag = registry.get("archiver.lag").summary();
                for (ValueAtPercentile p : lag.takeSnapshot().percentileValues()) {
                    report.printf("sustained_%d_per_s_lag_p%.0f_ms: %.1f%n", rate, p.percentile() * 100,
                            p.value() * 1000);
                }
                report.printf("sustained_%d_per_s_stored: %d of %d%n", rate, archiver.stats().stored(), limit);
                report.printf("sustained_%d_per_s_archiver_cpu_us_per_rsvp: %.1f (the archiver's JVM alone, %.0f %% "
                        + "of a core over %.1f s)%n", rate, cpu / 1e3 / Math.max(1, archiver.stats().stored()),
                        100.0 * cpu / (System.nanoTime() - start), seconds(start));
                System.err.println("sustained: " + archiver.stats());
            }
            report.printf("sustained_%d_per_s_peak_heap_mb: %.0f (max heap %d MB)%n", rate, peak / 1024.0 / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1024 / 1024);
            simulator.getOutputStream().close();
            String sent = generatedLine.get(60, TimeUnit.SECONDS);
            if (sent == null) {
                throw new IllegalStateException("the simulator process did not report what it sent");
            }
            String[] generated = sent.split(" ");
            report.printf("sustained_%d_per_s_ids_in_couchbase: %d of %s%n", rate,
                    present(collection, Long.parseLong(generated[2]), Long.parseLong(generated[3])), generated[1]);
        } finally {
            simulator.destroy();
            simulator.waitFor();
        }
    }

    /** How many of the ids {@code first..last} have their document in Couchbase: every id, not a count. */
    private static long present(Collection collection, long first, long last) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicLong found = new AtomicLong();
        for (long id = first; id <= last; id++) {
            inFlight.acquire();
            collection.async().get("rsvp::" + id).whenComplete((r, e) -> {
                if (e == null) {
                    found.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT); // every get answered
        return found.get();
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
