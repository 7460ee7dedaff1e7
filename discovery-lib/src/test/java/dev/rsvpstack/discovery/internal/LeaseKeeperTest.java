package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lease keeper's clock arithmetic on a fake lease server and a fake monotonic clock. */
class LeaseKeeperTest {
    private static final long TTL_SECONDS = 9;
    private static final Duration TTL = Duration.ofSeconds(TTL_SECONDS);

    private final FakeLeases leases = new FakeLeases();
    private final FakeClock clock = new FakeClock();
    private final ScheduledExecutorService owner = Executors.newSingleThreadScheduledExecutor();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LeaseKeeper keeper = new LeaseKeeper(leases, owner, clock, TTL_SECONDS,
            LeaseKeeper.threeQuarters(TTL_SECONDS), Duration.ofSeconds(1), new LeaseKeeper.Events() {
                @Override
                public void acknowledged() {
                    events.add("acknowledged");
                }

                @Override
                public void unanswered(Throwable error) {
                    events.add("unanswered");
                }

                @Override
                public void late(long silentMillis) {
                    events.add("late");
                }

                @Override
                public void lost(long leaseId, String reason) {
                    events.add("lost " + Long.toHexString(leaseId));
                }

                @Override
                public void clientClosed() {
                    events.add("closed");
                }
            });

    @AfterEach
    void stop() {
        owner.shutdownNow();
    }

    @Test
    void the_earliest_expiry_counts_from_the_grant_request() throws Exception {
        long sent = clock.nanos();

        keeper.grant().get();

        assertThat(keeper.expiresNoEarlierThan()).isEqualTo(sent + TTL.toNanos());
    }

    @Test
    void a_late_acknowledgement_extends_the_lease_from_when_the_keep_alive_was_sent_not_when_it_arrived()
            throws Exception {
        keeper.grant().get();
        leases.keepAlive = FakeLeases.KeepAlive.HOLD;
        clock.advance(TTL.dividedBy(3));
        long sent = clock.nanos();
        await().until(() -> leases.held.size() == 1);

        clock.advance(Duration.ofSeconds(2)); // the answer takes two seconds
        leases.held.get(0).complete(TTL_SECONDS);

        await().until(() -> events.contains("acknowledged"));
        assertThat(keeper.expiresNoEarlierThan()).isEqualTo(sent + TTL.toNanos());
    }

    @Test
    void half_a_ttl_without_an_acknowledgement_is_late_once_and_three_quarters_is_lost() throws Exception {
        long id = keeper.grant().get();
        leases.keepAlive = FakeLeases.KeepAlive.NEVER_ANSWER;

        clock.advance(TTL.dividedBy(2).plusMillis(10));
        await().until(() -> events.contains("late"));
        clock.advance(TTL.dividedBy(4));

        await().until(() -> events.contains("lost " + Long.toHexString(id)));
        assertThat(events).containsExactly("late", "lost " + Long.toHexString(id));
        assertThat(keeper.leaseId()).isZero();
        assertThat(keeper.expiresNoEarlierThan()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void an_answer_for_a_released_lease_is_ignored() throws Exception {
        keeper.grant().get();
        leases.keepAlive = FakeLeases.KeepAlive.HOLD;
        clock.advance(TTL.dividedBy(3));
        await().until(() -> leases.held.size() == 1);

        keeper.release();
        leases.held.get(0).complete(0L); // "not found", but nobody holds that lease any more

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(events::isEmpty);
    }

    @Test
    void a_lease_granted_after_release_is_revoked_at_once() {
        leases.holdGrants = true;
        var granting = keeper.grant();

        keeper.release(); // the owner gave up while the grant was on its way
        leases.heldGrants.get(0).complete(new LeaseApi.Granted(0x500, TTL_SECONDS));

        assertThat(granting).isCompletedExceptionally();
        assertThat(leases.revoked).containsExactly(0x500L);
        assertThat(keeper.leaseId()).isZero();
    }
}
