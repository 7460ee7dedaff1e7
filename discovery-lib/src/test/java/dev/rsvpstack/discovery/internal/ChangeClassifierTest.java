package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.ChangeKind;
import org.junit.jupiter.api.Test;

class ChangeClassifierTest {
    @Test
    void put_that_creates_the_key_is_added() {
        assertThat(ChangeClassifier.classify(false, 7, 7, null, "10.1.1.2")).isEqualTo(ChangeKind.ADDED);
    }

    @Test
    void put_with_a_new_value_is_moved() {
        assertThat(ChangeClassifier.classify(false, 7, 9, "10.1.1.2", "10.1.53.5")).isEqualTo(ChangeKind.MOVED);
    }

    @Test
    void put_with_the_same_value_is_refreshed() {
        assertThat(ChangeClassifier.classify(false, 7, 9, "10.1.1.2", "10.1.1.2")).isEqualTo(ChangeKind.REFRESHED);
    }

    @Test
    void put_over_an_unknown_previous_value_is_treated_as_moved() {
        assertThat(ChangeClassifier.classify(false, 7, 9, null, "10.1.1.2")).isEqualTo(ChangeKind.MOVED);
    }

    @Test
    void delete_is_removed() {
        assertThat(ChangeClassifier.classify(true, 0, 0, "10.1.1.2", null)).isEqualTo(ChangeKind.REMOVED);
    }

    @Test
    void only_refreshed_leaves_the_topology_alone() {
        assertThat(ChangeKind.REFRESHED.changesTopology()).isFalse();
        assertThat(ChangeKind.ADDED.changesTopology()).isTrue();
        assertThat(ChangeKind.MOVED.changesTopology()).isTrue();
        assertThat(ChangeKind.REMOVED.changesTopology()).isTrue();
    }
}
