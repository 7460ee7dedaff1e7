package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.EtcdMemberStatus.Quorum;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuorumMonitorTest {
    private static final URI A = URI.create("http://a:2379");
    private static final URI B = URI.create("http://b:2379");

    private final Map<URI, Object> answers = new HashMap<>();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger lost = new AtomicInteger();
    private final AtomicInteger back = new AtomicInteger();

    private QuorumMonitor monitor(List<URI> endpoints) {
        QuorumMonitor monitor = new QuorumMonitor(endpoints, this::answer, Duration.ofMillis(200), registry);
        monitor.addListener(new QuorumMonitor.Listener() {
            @Override
            public void leaderLost() {
                lost.incrementAndGet();
            }

            @Override
            public void leaderBack() {
                back.incrementAndGet();
            }
        });
        return monitor;
    }

    private CompletableFuture<EtcdMemberStatus> answer(URI endpoint) {
        Object answer = answers.get(endpoint);
        if (answer instanceof Throwable error) {
            return CompletableFuture.failedFuture(error);
        }
        if (answer == null) {
            return new CompletableFuture<>(); // never answers
        }
        Object[] pair = (Object[]) answer;
        return CompletableFuture.completedFuture(new EtcdMemberStatus(endpoint, (Quorum) pair[0], (Long) pair[1]));
    }

    private void says(URI endpoint, Quorum quorum, long revision) {
        answers.put(endpoint, new Object[] {quorum, revision});
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void a_member_that_loses_its_leader_is_reported_once_and_its_listeners_hear_once() {
        QuorumMonitor monitor = monitor(List.of(A, B));
        says(A, Quorum.HAS_LEADER, 10);
        says(B, Quorum.HAS_LEADER, 10);
        monitor.check();
        says(A, Quorum.NO_LEADER, 10);
        monitor.check();
        monitor.check();

        assertThat(lost).hasValue(1);
        assertThat(monitor.quorum()).isTrue(); // B still has a leader
        assertThat(registry.get("discovery.etcd.member.quorum").tag("endpoint", A.toString()).gauge().value())
                .isZero();
        assertThat(gauge("discovery.etcd.quorum")).isEqualTo(1.0);

        says(A, Quorum.HAS_LEADER, 12);
        monitor.check();
        assertThat(back).hasValue(1);
        assertThat(monitor.members()).extracting(EtcdMemberStatus::quorum)
                .containsExactly(Quorum.HAS_LEADER, Quorum.HAS_LEADER);
    }

    @Test
    void a_pinned_client_whose_only_member_has_no_leader_has_no_quorum() {
        QuorumMonitor monitor = monitor(List.of(A));
        assertThat(gauge("discovery.etcd.quorum")).isEqualTo(1.0); // nothing known yet
        answers.put(A, new RuntimeException("UNAVAILABLE: " + Failures.NO_LEADER));
        monitor.check();

        assertThat(monitor.quorum()).isFalse();
        assertThat(gauge("discovery.etcd.quorum")).isZero();
        assertThat(monitor.members()).extracting(EtcdMemberStatus::quorum).containsExactly(Quorum.NO_LEADER);
        assertThat(lost).hasValue(1);
    }

    @Test
    void members_that_do_not_answer_say_nothing_of_the_quorum() {
        QuorumMonitor monitor = monitor(List.of(A, B));
        monitor.check(); // neither answers within the timeout

        assertThat(monitor.quorum()).isTrue();
        assertThat(monitor.members()).extracting(EtcdMemberStatus::quorum)
                .containsExactly(Quorum.UNREACHABLE, Quorum.UNREACHABLE);
        assertThat(lost).hasValue(0);
    }

    @Test
    void the_cluster_revision_is_the_newest_a_member_with_a_leader_reported() {
        QuorumMonitor monitor = monitor(List.of(A, B));
        says(A, Quorum.NO_LEADER, 50);
        says(B, Quorum.HAS_LEADER, 40);
        monitor.check();
        assertThat(monitor.clusterRevision()).isEqualTo(40);

        says(B, Quorum.HAS_LEADER, 30); // a member behind another never lowers it
        monitor.check();
        assertThat(monitor.clusterRevision()).isEqualTo(40);
    }

    @Test
    void closing_takes_the_gauges_off_the_registry() {
        QuorumMonitor monitor = monitor(List.of(A));
        monitor.close();
        assertThat(registry.find("discovery.etcd.quorum").gauge()).isNull();
        assertThat(registry.find("discovery.etcd.member.quorum").gauge()).isNull();
    }
}
