package dev.rsvpstack.discovery.bench;

import dev.rsvpstack.discovery.ConnectionState;
import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.testkit.etcd.EtcdCluster;
import dev.rsvpstack.testkit.etcd.EtcdMember;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The partial-partition figures, on a 3-member etcd (Debian's, started through testkit with peer
 * links that can be cut; election timeout 1 s, etcd's default): how long after a put through the
 * majority a watcher whose member was cut off from its peers 1 s before the put hears of it; and, for
 * a client given only that member, how long until its quorum meter reads 0 after the cut and 1 after
 * the heal. Prints one "figure: value" line each. Not a test: timing targets belong here.
 */
public final class PartitionBenchmark {
    private static final Duration CUT_BEFORE_PUT = Duration.ofSeconds(1);
    private static final long GIVE_UP_MILLIS = 60_000;

    public static void main(String[] args) throws Exception {
        try (EtcdCluster etcd = new EtcdCluster("bench-partition", 3, true).start()) {
            System.out.println("watch_put_after_member_cut_to_listener_ms: " + watchAfterCut(etcd));
            long[] quorum = pinnedQuorum(etcd);
            System.out.println("pinned_quorum_meter_zero_after_cut_ms: " + quorum[0]);
            System.out.println("pinned_quorum_meter_one_after_heal_ms: " + quorum[1]);
        }
    }

    private static long watchAfterCut(EtcdCluster etcd) throws Exception {
        LinkedBlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(etcd.endpoints()).debounce(Debounce.OFF).build()) {
            discovery.watch("partition", (snapshot, changes) -> {
                if (snapshot.hostsAndPorts().contains("10.9.9.9:80")) {
                    heard.offer(System.nanoTime());
                }
            });
            EtcdMember carrier = until(() -> carrier(etcd));
            etcd.isolate(carrier);
            TimeUnit.MILLISECONDS.sleep(CUT_BEFORE_PUT.toMillis());
            EtcdMember writer = etcd.members().stream().filter(m -> m != carrier).findFirst().orElseThrow();
            long put = System.nanoTime();
            etcd.putThrough(writer, "/services/partition/moved", "10.9.9.9:80");
            Long at = heard.poll(GIVE_UP_MILLIS, TimeUnit.MILLISECONDS);
            etcd.heal();
            awaitHealthy(etcd);
            if (at == null) {
                throw new IllegalStateException("the watcher never heard of the put");
            }
            return TimeUnit.NANOSECONDS.toMillis(at - put);
        }
    }

    private static long[] pinnedQuorum(EtcdCluster etcd) throws Exception {
        EtcdMember pinned = etcd.member(2);
        MeterRegistry registry = new SimpleMeterRegistry();
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(List.of(pinned.clientEndpoint()))
                .meterRegistry(registry).build()) {
            until(() -> discovery.state() == ConnectionState.CONNECTED ? Boolean.TRUE : null);
            long cut = System.nanoTime();
            etcd.isolate(pinned);
            until(() -> quorum(registry) == 0 ? Boolean.TRUE : null);
            long zero = System.nanoTime() - cut;
            long heal = System.nanoTime();
            etcd.heal();
            until(() -> quorum(registry) == 1 ? Boolean.TRUE : null);
            long one = System.nanoTime() - heal;
            awaitHealthy(etcd);
            return new long[] {TimeUnit.NANOSECONDS.toMillis(zero), TimeUnit.NANOSECONDS.toMillis(one)};
        }
    }

    private static double quorum(MeterRegistry registry) {
        return registry.get("discovery.etcd.quorum").gauge().value();
    }

    private static EtcdMember carrier(EtcdCluster etcd) {
        List<EtcdMember> carrying = etcd.members().stream().filter(member -> member.watchers() > 0).toList();
        return carrying.size() == 1 ? carrying.get(0) : null;
    }

    private static void awaitHealthy(EtcdCluster etcd) throws Exception {
        until(() -> etcd.members().stream().allMatch(EtcdMember::isHealthy) ? Boolean.TRUE : null);
    }

    /** Polls every 10 ms (the figures' resolution) until {@code check} gives a value. */
    private static <T> T until(java.util.concurrent.Callable<T> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        while (System.nanoTime() < deadline) {
            T value = check.call();
            if (value != null) {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("gave up after " + GIVE_UP_MILLIS + " ms");
    }
}
