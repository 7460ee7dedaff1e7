package dev.rsvpstack.discovery.bench;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.ServiceSnapshot;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery benchmark's figures, against a running etcd (started by bench/discovery/run):
 * watch latency (PUT to listener, debounce off), the first lookup of 1,000 services x 10
 * instances and the heap its snapshots take, and the etcd requests one registration costs.
 * Prints one "figure: value" line each. Not a test: timing targets belong here, not in CI.
 */
public final class DiscoveryBenchmark {
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        try (Client etcd = Client.builder().endpoints(endpoint).build()) {
            watchLatency(endpoint, etcd);
            lookupOfThousandServices(endpoint, etcd);
            keepAliveCost(endpoint);
        }
    }

    private static Discovery discovery(URI endpoint) {
        return EtcdDiscovery.builder().endpoints(List.of(endpoint)).debounce(Debounce.OFF).build();
    }

    private static void watchLatency(URI endpoint, Client etcd) throws Exception {
        LinkedBlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
        try (Discovery discovery = discovery(endpoint)) {
            discovery.watch("latency", (snapshot, changes) -> {
                if (!changes.isEmpty()) {
                    delivered.offer(System.nanoTime());
                }
            });
            int warmup = 200;
            int measured = 1000;
            long[] micros = new long[measured];
            for (int i = 0; i < warmup + measured; i++) {
                long sent = System.nanoTime();
                etcd.getKVClient().put(bytes("/services/latency/1"), bytes("10.0." + (i / 250) + "." + (i % 250) + ":80"));
                Long at = delivered.poll(5, TimeUnit.SECONDS);
                if (at == null) {
                    throw new IllegalStateException("change " + i + " was not delivered within 5 s");
                }
                if (i >= warmup) {
                    micros[i - warmup] = (at - sent) / 1000;
                }
            }
            Arrays.sort(micros);
            System.out.printf("watch_latency_p50_ms: %.2f%n", micros[measured / 2] / 1000.0);
            System.out.printf("watch_latency_p99_ms: %.2f%n", micros[measured * 99 / 100] / 1000.0);
        }
    }

    private static void lookupOfThousandServices(URI endpoint, Client etcd) throws Exception {
        KV kv = etcd.getKVClient();
        for (int service = 0; service < 1000; service++) {
            List<Op> puts = new ArrayList<>();
            for (int instance = 0; instance < 10; instance++) {
                puts.add(Op.put(bytes("/services/svc-" + service + "/" + instance),
                        bytes("10." + (service / 250) + "." + (service % 250) + "." + instance + ":8080"),
                        PutOption.DEFAULT));
            }
            kv.txn().Then(puts.toArray(Op[]::new)).commit().get(10, TimeUnit.SECONDS);
        }
        try (Discovery discovery = discovery(endpoint)) {
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            Map<String, ServiceSnapshot> all = discovery.lookupAll();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long heapAfter = usedHeapAfterGc();
            int instances = all.values().stream().mapToInt(s -> s.instances().size()).sum();
            System.out.printf("first_lookup_1000x10_ms: %d (%d services, %d instances)%n", millis, all.size(), instances);
            System.out.printf("snapshots_heap_mb: %.1f%n", (heapAfter - heapBefore) / 1024.0 / 1024.0);
            if (all.isEmpty()) {
                throw new IllegalStateException("nothing found");
            }
        }
    }

    private static void keepAliveCost(URI endpoint) throws Exception {
        Duration ttl = Duration.ofSeconds(8);
        Duration window = Duration.ofSeconds(32);
        // The quorum probe (one serializable Range per member per check) is measured on its own below.
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(List.of(endpoint)).debounce(Debounce.OFF)
                .healthCheckInterval(Duration.ofHours(1)).build()) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("keepalive", "1", "10.0.0.1:80").ttl(ttl).build());
            while (registration.state() != Registration.State.REGISTERED) {
                Thread.sleep(50); // start-up of the benchmark, not a measured interval
            }
            Map<String, Double> before = grpcMessages(endpoint);
            Thread.sleep(window.toMillis()); // the measured window itself
            Map<String, Double> after = grpcMessages(endpoint);
            for (String method : List.of("LeaseKeepAlive", "Range", "Txn", "Put", "LeaseGrant", "LeaseTimeToLive")) {
                System.out.printf("registration_%s_messages_in_%ds: %.0f%n", method, window.toSeconds(),
                        after.getOrDefault(method, 0.0) - before.getOrDefault(method, 0.0));
            }
            // One keep-alive per TTL/3; jetcd 0.8.7's keepAliveOnce sends its request twice (once more as it
            // ends the stream), so each is 2 LeaseKeepAlive messages on etcd's side.
            System.out.printf("registration_keepalive_budget_at_one_per_ttl_over_3: %d%n",
                    2 * window.toSeconds() * 3 / ttl.toSeconds());
        }
        try (Discovery idle = discovery(endpoint)) {
            idle.state(); // nothing but its quorum probe talks to etcd in the window
            Map<String, Double> before = grpcMessages(endpoint);
            Thread.sleep(window.toMillis()); // the measured window itself
            Map<String, Double> after = grpcMessages(endpoint);
            System.out.printf("quorum_probe_Range_messages_in_%ds: %.0f%n", window.toSeconds(),
                    after.getOrDefault("Range", 0.0) - before.getOrDefault("Range", 0.0));
        }
    }

    private static Map<String, Double> grpcMessages(URI endpoint) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("grpc_server_msg_received_total\\{[^}]*grpc_method=\"(\\w+)\"[^}]*} ([0-9.e+]+)")
                .matcher(metrics);
        Map<String, Double> counts = new java.util.HashMap<>();
        while (m.find()) {
            counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return counts;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // lets the collector finish; a measurement aid, not a test wait
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
