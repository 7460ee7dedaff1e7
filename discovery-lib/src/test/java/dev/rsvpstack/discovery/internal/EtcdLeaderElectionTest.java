package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The election's state machine on a fake lease server, a fake election API and a fake monotonic
 * clock: when it leads, when it steps down, and what it gives back. The same behaviour on a real etcd
 * is in {@code EtcdLeaderElectionIT}.
 */
class EtcdLeaderElectionTest {
    private static final Duration TTL = Duration.ofSeconds(8);

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakeLeases leases = new FakeLeases(calls);
    private final FakeElection api = new FakeElection(calls);
    private final FakeClock clock = new FakeClock();
    private final Recorder listener = new Recorder(calls);
    private EtcdLeaderElection election;

    @AfterEach
    void close() {
        if (election != null) {
            election.close();
        }
    }

    private EtcdLeaderElection start() {
        election = EtcdLeaderElection.start(api, leases, clock, "archiver", "archiver-a", TTL, listener);
        return election;
    }

    @Test
    void a_standby_waiting_on_a_member_that_lost_its_leader_campaigns_again_with_the_same_lease() {
        api.holdCampaigns = true;
        start();
        await().until(() -> campaigns().size() == 1);

        api.holdCampaigns = false;
        election.memberLostLeader();

        await().until(() -> calls.contains("elected"));
        assertThat(campaigns()).hasSize(2).containsOnly(campaigns().get(0));
    }

    @Test
    void a_leader_does_not_campaign_again_when_a_member_loses_its_leader() {
        start();
        await().until(() -> calls.contains("elected"));

        election.memberLostLeader();

        await().during(Duration.ofMillis(300)).until(() -> campaigns().size() == 1);
        assertThat(election.isLeader()).isTrue();
    }

    private List<String> campaigns() {
        return calls.stream().filter(call -> call.startsWith("campaign ")).toList();
    }

    @Test
    void a_lone_candidate_is_elected_on_a_fresh_lease() {
        start();

        await().until(election::isLeader);
        await().until(() -> calls.contains("elected"));
        assertThat(calls).containsExactly("grant 100", "campaign 100", "elected");
    }

    @Test
    void acknowledged_keep_alives_keep_the_leader_beyond_its_ttl() {
        start();
        await().until(() -> calls.contains("elected"));

        for (int i = 0; i < 6; i++) { // two TTLs, a third at a time
            int sent = leases.keepAlivesSent.get();
            clock.advance(TTL.dividedBy(3));
            await().until(() -> leases.keepAlivesSent.get() > sent);
        }

        assertThat(election.isLeader()).isTrue();
        assertThat(calls).doesNotContain("revoked");
        assertThat(leases.granted).hasSize(1);
    }

    @Test
    void steps_down_at_three_quarters_of_the_ttl_without_an_acknowledged_keep_alive() {
        leases.keepAlive = FakeLeases.KeepAlive.NEVER_ANSWER;
        start();
        await().until(() -> calls.contains("elected"));

        clock.advance(TTL.multipliedBy(3).dividedBy(4).minusMillis(100));
        // several of the keeper's ticks (every 250 ms) look at the clock: still leading
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(election::isLeader);

        clock.advance(Duration.ofMillis(200));
        await().until(() -> calls.contains("revoked"));
        assertThat(calls.subList(0, 3)).containsExactly("grant 100", "campaign 100", "elected");
    }

    @Test
    void after_stepping_down_it_revokes_the_lost_lease_and_campaigns_on_a_new_one() {
        leases.keepAlive = FakeLeases.KeepAlive.NEVER_ANSWER;
        start();
        await().until(() -> calls.contains("elected"));
        leases.keepAlive = FakeLeases.KeepAlive.ACKNOWLEDGE;

        clock.advance(TTL);

        await().until(() -> listenerCalls().equals(List.of("elected", "revoked", "elected")));
        // the listener runs on its own thread, so only etcd's calls have a fixed order among themselves
        assertThat(etcdCalls()).containsExactly("grant 100", "campaign 100", "revoke 100", "grant 101",
                "campaign 101");
    }

    @Test
    void a_keep_alive_answered_lease_not_found_steps_down_at_once() {
        start();
        await().until(() -> calls.contains("elected"));
        leases.keepAlive = FakeLeases.KeepAlive.LEASE_GONE;

        clock.advance(TTL.dividedBy(3)); // a keep-alive is due; no watchdog time has passed

        await().until(() -> calls.contains("revoked"));
        assertThat(listenerCalls()).startsWith("elected", "revoked");
        assertThat(etcdCalls()).startsWith("grant 100", "campaign 100", "revoke 100");
    }

    @Test
    void unanswered_keep_alives_within_the_limit_do_not_step_down() {
        start();
        await().until(() -> calls.contains("elected"));
        leases.keepAlive = FakeLeases.KeepAlive.UNREACHABLE;

        clock.advance(TTL.dividedBy(2));
        int sent = leases.keepAlivesSent.get();
        await().until(() -> leases.keepAlivesSent.get() > sent);
        leases.keepAlive = FakeLeases.KeepAlive.ACKNOWLEDGE;
        clock.advance(Duration.ofMillis(600)); // the retry is due sooner than a third of the TTL
        int retried = leases.keepAlivesSent.get();
        await().until(() -> leases.keepAlivesSent.get() > retried);
        clock.advance(TTL.dividedBy(2)); // past three quarters of the TTL after the grant, but not after the ack

        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(election::isLeader);
        assertThat(calls).doesNotContain("revoked");
    }

    @Test
    void a_campaign_that_answers_while_another_lease_leads_is_not_leadership() {
        api.otherLeader = new ElectionApi.Leader("/elections/archiver/other", 0x999, "archiver-b", 7);
        start();
        await().until(() -> calls.stream().filter(c -> c.startsWith("campaign")).count() >= 2);
        assertThat(election.isLeader()).isFalse();

        api.otherLeader = null;

        await().until(election::isLeader);
        assertThat(calls).doesNotContain("revoked");
    }

    @Test
    void closing_a_leader_steps_down_before_it_resigns_and_revokes() {
        start();
        await().until(() -> calls.contains("elected"));

        election.close();
        election = null;

        assertThat(calls).containsExactly("grant 100", "campaign 100", "elected", "revoked", "resign 100",
                "revoke 100");
    }

    @Test
    void a_closed_client_stops_the_campaign() {
        start();
        await().until(() -> calls.contains("elected"));
        leases.keepAlive = FakeLeases.KeepAlive.CLIENT_CLOSED;

        clock.advance(TTL.dividedBy(3));

        await().until(() -> calls.contains("revoked"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> leases.granted.size() == 1);
    }

    @Test
    void the_term_is_named_by_the_election_keys_create_revision() {
        start();
        await().until(() -> calls.contains("elected"));

        LeadershipTerm term = election.term().orElseThrow();

        assertThat(term).isEqualTo(new LeadershipTerm("archiver", "archiver-a", 41, FakeElection.EPOCH));
        assertThat(election.holds(term)).isTrue();
        assertThat(election.holds(new LeadershipTerm("archiver", "archiver-a", 40))).isFalse();
        assertThat(election.margin()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void after_a_pause_holds_is_false_before_any_callback_or_watchdog_has_run() {
        start();
        await().until(() -> calls.contains("elected"));
        LeadershipTerm term = election.term().orElseThrow();

        // A pause: the clock jumps past the lease's earliest expiry minus the margin with no tick in between.
        clock.advance(TTL.minus(election.margin()).plusMillis(1));

        assertThat(election.holds(term)).isFalse();
        assertThat(election.term()).isEmpty();
        await().until(() -> calls.contains("revoked"));
    }

    @Test
    void holds_lasts_until_the_margin_before_the_earliest_expiry_counted_from_the_grant_request() {
        leases.keepAlive = FakeLeases.KeepAlive.NEVER_ANSWER;
        start();
        await().until(() -> calls.contains("elected"));
        LeadershipTerm term = election.term().orElseThrow();

        clock.advance(TTL.minus(election.margin()).minusMillis(1));
        boolean justBefore = election.holds(term);
        clock.advance(Duration.ofMillis(2));

        assertThat(justBefore).isTrue();
        assertThat(election.holds(term)).isFalse();
    }

    @Test
    void a_failed_keep_alive_suspends_the_term_and_an_acknowledged_one_resumes_it() {
        start();
        await().until(() -> calls.contains("elected"));
        leases.keepAlive = FakeLeases.KeepAlive.UNREACHABLE;

        clock.advance(TTL.dividedBy(3));
        await().until(() -> calls.contains("suspended 41"));
        leases.keepAlive = FakeLeases.KeepAlive.ACKNOWLEDGE;
        clock.advance(Duration.ofMillis(600));

        await().until(() -> calls.contains("resumed 41"));
        assertThat(listenerCalls()).containsExactly("elected", "suspended 41", "resumed 41");
        assertThat(election.holds(election.term().orElseThrow())).isTrue();
    }

    private List<String> listenerCalls() {
        return calls.stream().filter(c -> c.equals("elected") || c.equals("revoked") || c.startsWith("suspended")
                || c.startsWith("resumed")).toList();
    }

    private List<String> etcdCalls() {
        return calls.stream().filter(c -> !listenerCalls().contains(c)).toList();
    }

    /** Records listener calls into the shared call list, to check their order against etcd calls. */
    static final class Recorder implements LeaderListener {
        private final List<String> calls;

        Recorder(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public void elected() {
            calls.add("elected");
        }

        @Override
        public void revoked() {
            calls.add("revoked");
        }

        @Override
        public void suspended(LeadershipTerm term) {
            calls.add("suspended " + term.revision());
        }

        @Override
        public void resumed(LeadershipTerm term) {
            calls.add("resumed " + term.revision());
        }
    }
}
