package dev.rsvpstack.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionOverlapTest {
    private static final long MS = 1_000_000;
    private final ConnectionOverlap overlap = new ConnectionOverlap();

    @Test
    void one_connection_at_a_time_is_no_overlap() {
        overlap.open(0, false);
        overlap.close(500 * MS);
        overlap.open(500 * MS, false);

        assertThat(overlap.overlapMillis(900 * MS)).isZero();
        assertThat(overlap.episodes()).isZero();
        assertThat(overlap.maxConcurrent()).isEqualTo(1);
    }

    @Test
    void overlap_is_the_time_two_or_more_were_open_together_including_the_running_one() {
        overlap.open(0, false);
        assertThat(overlap.open(100 * MS, false)).isEqualTo(ConnectionOverlap.Change.OVERLAP_STARTED);
        overlap.open(150 * MS, false); // a third joins: still the same episode
        overlap.close(200 * MS);
        assertThat(overlap.close(350 * MS)).isEqualTo(ConnectionOverlap.Change.OVERLAP_ENDED);
        overlap.open(1_000 * MS, false);

        assertThat(overlap.overlapMillis(1_040 * MS)).isEqualTo(250 + 40);
        assertThat(overlap.episodes()).isEqualTo(2);
        assertThat(overlap.maxConcurrent()).isEqualTo(3);
    }

    @Test
    void strict_mode_refuses_a_second_connection_and_admits_one_after_the_first_closed() {
        overlap.open(0, true);

        assertThat(overlap.wouldRefuse(true)).isTrue();
        assertThat(overlap.open(10 * MS, true)).isEqualTo(ConnectionOverlap.Change.REFUSED);
        overlap.close(20 * MS);
        assertThat(overlap.open(30 * MS, true)).isEqualTo(ConnectionOverlap.Change.NONE);

        assertThat(overlap.refusedCount()).isEqualTo(1);
        assertThat(overlap.overlapMillis(40 * MS)).isZero();
    }

    @Test
    void a_close_without_an_open_changes_nothing() {
        assertThat(overlap.close(0)).isEqualTo(ConnectionOverlap.Change.NONE);
        assertThat(overlap.openConnections()).isZero();
    }

    @Test
    void an_observer_beside_a_consumer_is_no_overlap_and_is_not_refused_in_strict_mode() {
        overlap.open(0, true);
        overlap.openObserver();

        assertThat(overlap.wouldRefuse(true)).isTrue(); // for a second consumer, not for the observer
        assertThat(overlap.overlapMillis(500 * MS)).isZero();
        assertThat(overlap.episodes()).isZero();
        assertThat(overlap.openConnections()).isEqualTo(1);
        assertThat(overlap.observers()).isEqualTo(1);
        assertThat(overlap.maxConcurrent()).isEqualTo(1);
    }

    @Test
    void an_observer_open_first_does_not_make_the_first_consumer_refused_or_overlapping() {
        overlap.openObserver();

        assertThat(overlap.wouldRefuse(true)).isFalse();
        assertThat(overlap.open(10 * MS, true)).isEqualTo(ConnectionOverlap.Change.NONE);
        overlap.closeObserver();
        assertThat(overlap.close(20 * MS)).isEqualTo(ConnectionOverlap.Change.NONE);

        assertThat(overlap.refusedCount()).isZero();
        assertThat(overlap.overlapMillis(30 * MS)).isZero();
        assertThat(overlap.observers()).isZero();
    }

    @Test
    void two_consumers_overlap_whatever_observers_come_and_go() {
        overlap.openObserver();
        overlap.open(0, false);
        overlap.open(100 * MS, false);
        overlap.closeObserver();
        overlap.closeObserver(); // one close too many changes nothing
        overlap.close(300 * MS);

        assertThat(overlap.overlapMillis(400 * MS)).isEqualTo(200);
        assertThat(overlap.episodes()).isEqualTo(1);
        assertThat(overlap.observers()).isZero();
    }
}
