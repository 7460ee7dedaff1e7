package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.EtcdMemberStatus.Quorum;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every configured member, at each {@link #check()}, whether it knows a leader. A member cut off
 * from its peers while its clients still reach it answers every read from its own stale copy and keeps
 * its watch streams open but silent; only its own status tells. So this is where discovery learns of a
 * partial partition:
 * <ul>
 *   <li>one WARN when a member loses its leader, one INFO when it has one again;</li>
 *   <li>the gauges {@code discovery.etcd.quorum} (1 while some reachable member has a leader) and
 *       {@code discovery.etcd.member.quorum} per endpoint;</li>
 *   <li>{@link Listener listeners} (the watches) hear at once, so they move to a member with a leader
 *       instead of waiting for etcd to cancel them, and open again as soon as a member has one;</li>
 *   <li>{@link #clusterRevision()}: the newest revision a member with a leader reported, which a watch
 *       compares with its own stream's progress.</li>
 * </ul>
 * {@link #check()} is called on one thread (discovery's monitor); the readers may be on any.
 */
public final class QuorumMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumMonitor.class);

    private final List<URI> endpoints;
    private final Function<URI, CompletableFuture<EtcdMemberStatus>> probe;
    private final Duration timeout;
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** What each member said at the last check; before the first, every member "has a leader". */
    private volatile List<EtcdMemberStatus> members;
    private volatile boolean quorum = true; // until the first check says otherwise
    private volatile long clusterRevision;

    /**
     * @param probe   asks one member for its status; a failed or late answer counts as unreachable
     * @param timeout how long one check waits for all members together
     */
    public QuorumMonitor(List<URI> endpoints, Function<URI, CompletableFuture<EtcdMemberStatus>> probe,
                         Duration timeout, MeterRegistry registry) {
        this.endpoints = List.copyOf(endpoints);
        this.probe = probe;
        this.timeout = timeout;
        this.registry = registry;
        this.members = this.endpoints.stream().map(e -> new EtcdMemberStatus(e, Quorum.HAS_LEADER, 0)).toList();
        gauges.add(Gauge.builder("discovery.etcd.quorum", this, m -> m.quorum ? 1 : 0)
                .description("1 while some etcd member this process reaches has a leader; 0 while those it reaches "
                        + "have none (cut off from their peers): lookups and watches then serve the last good snapshots")
                .register(registry));
        for (URI endpoint : this.endpoints) {
            gauges.add(Gauge.builder("discovery.etcd.member.quorum", this, m -> m.hasLeader(endpoint) ? 1 : 0)
                    .tag("endpoint", endpoint.toString())
                    .description("1 while this etcd member answers and has a leader")
                    .register(registry));
        }
    }

    /** Hears, on the checking thread, when members lose or regain their leader. */
    public interface Listener {
        /** A member that had a leader (or was not checked yet) has none now. */
        void leaderLost();

        /** A member without a leader has one again. */
        void leaderBack();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Whether some reachable member had a leader at the last check (true before the first). */
    public boolean quorum() {
        return quorum;
    }

    /** The newest revision reported by a member with a leader so far, 0 before any. */
    public long clusterRevision() {
        return clusterRevision;
    }

    /** What each member said at the last check, in endpoint order. */
    public List<EtcdMemberStatus> members() {
        return members;
    }

    /** Asks every member at once and waits at most the timeout for all of them. */
    public void check() {
        List<EtcdMemberStatus> now = askAll(endpoints, probe, timeout);
        List<EtcdMemberStatus> before = members; // in endpoint order, like now
        boolean lost = false;
        boolean back = false;
        for (int i = 0; i < now.size(); i++) {
            lost |= lostLeader(before.get(i), now.get(i));
            back |= regainedLeader(before.get(i), now.get(i));
        }
        members = now;
        boolean anyLeader = now.stream().anyMatch(s -> s.quorum() == Quorum.HAS_LEADER);
        boolean anyAnswer = now.stream().anyMatch(s -> s.quorum() != Quorum.UNREACHABLE);
        // Unreachable members say nothing of the quorum; Reachability reports them.
        quorum = anyLeader || !anyAnswer;
        now.stream().filter(s -> s.quorum() == Quorum.HAS_LEADER).mapToLong(EtcdMemberStatus::revision).max()
                .ifPresent(revision -> clusterRevision = Math.max(clusterRevision, revision));
        for (Listener listener : listeners) {
            try {
                if (lost) {
                    listener.leaderLost();
                }
                if (back) {
                    listener.leaderBack();
                }
            } catch (RuntimeException e) {
                LOG.error("a listener of etcd members' leaders failed", e);
            }
        }
    }

    /** Whether the member lost its leader at this check; logs it once. */
    private static boolean lostLeader(EtcdMemberStatus before, EtcdMemberStatus now) {
        if (now.quorum() != Quorum.NO_LEADER || before.quorum() == Quorum.NO_LEADER) {
            return false;
        }
        LOG.warn("etcd member {} answers but has no leader (cut off from its peers, or the cluster lost its "
                + "quorum): what it holds may be stale; watches move to a member with a leader, and discovery "
                + "serves its last good snapshots if none is left", now.endpoint());
        return true;
    }

    /** Whether the member has a leader again at this check; logs it once. */
    private static boolean regainedLeader(EtcdMemberStatus before, EtcdMemberStatus now) {
        if (before.quorum() != Quorum.NO_LEADER || now.quorum() != Quorum.HAS_LEADER) {
            return false;
        }
        LOG.info("etcd member {} has a leader again (revision {})", now.endpoint(), now.revision());
        return true;
    }

    /** Asks every endpoint at once; what each said within {@code timeout}, in endpoint order. */
    public static List<EtcdMemberStatus> askAll(List<URI> endpoints,
                                                Function<URI, CompletableFuture<EtcdMemberStatus>> probe,
                                                Duration timeout) {
        Map<URI, CompletableFuture<EtcdMemberStatus>> asked = new LinkedHashMap<>();
        for (URI endpoint : endpoints) {
            asked.put(endpoint, probe.apply(endpoint));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<EtcdMemberStatus> answers = new ArrayList<>();
        asked.forEach((endpoint, answer) -> answers.add(await(endpoint, answer, deadline)));
        return List.copyOf(answers);
    }

    private static EtcdMemberStatus await(URI endpoint, CompletableFuture<EtcdMemberStatus> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EtcdMemberStatus(endpoint, Quorum.UNREACHABLE, 0);
        } catch (Exception e) {
            answer.cancel(true);
            if (Failures.isNoLeader(e)) {
                // The client requires a leader of every request, the status call included: the
                // member answered, and said it has none.
                return new EtcdMemberStatus(endpoint, Quorum.NO_LEADER, 0);
            }
            LOG.debug("status of etcd member {}: {}", endpoint, Failures.describe(e));
            return new EtcdMemberStatus(endpoint, Quorum.UNREACHABLE, 0);
        }
    }

    private boolean hasLeader(URI endpoint) {
        return members.stream().anyMatch(s -> s.endpoint().equals(endpoint) && s.quorum() == Quorum.HAS_LEADER);
    }

    @Override
    public void close() {
        listeners.clear();
        gauges.forEach(registry::remove);
    }
}
