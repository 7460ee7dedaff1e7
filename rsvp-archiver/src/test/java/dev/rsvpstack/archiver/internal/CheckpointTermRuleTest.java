package dev.rsvpstack.archiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.internal.CheckpointTermRule.Stored;
import dev.rsvpstack.archiver.internal.CheckpointTermRule.Verdict;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CheckpointTermRuleTest {
    private static final String OLD_ETCD = "epoch-old";
    private static final String NEW_ETCD = "epoch-new";

    private static Stored stored(long term, String epoch, String... retired) {
        return new Stored(term, epoch, List.of(retired));
    }

    @Test
    void within_one_etcd_a_lower_revision_is_refused_and_an_equal_or_higher_one_writes() {
        Stored holder = stored(812, OLD_ETCD);

        assertThat(CheckpointTermRule.judge(holder, OLD_ETCD, 811)).isEqualTo(Verdict.REFUSE_OLDER);
        assertThat(CheckpointTermRule.judge(holder, OLD_ETCD, 812)).isEqualTo(Verdict.WRITE);
        assertThat(CheckpointTermRule.judge(holder, OLD_ETCD, 813)).isEqualTo(Verdict.WRITE);
    }

    @Test
    void a_term_of_an_etcd_the_checkpoint_has_not_seen_takes_it_over_whatever_its_revision() {
        Stored holder = stored(812, OLD_ETCD);

        Verdict verdict = CheckpointTermRule.judge(holder, NEW_ETCD, 5);

        assertThat(verdict).isEqualTo(Verdict.TAKE_OVER);
        assertThat(verdict.writes()).isTrue();
        assertThat(CheckpointTermRule.retiredAfter(holder, verdict)).containsExactly(OLD_ETCD);
    }

    @Test
    void a_term_of_a_replaced_etcd_is_refused_however_high_its_revision() {
        Stored holder = stored(5, NEW_ETCD, OLD_ETCD);

        assertThat(CheckpointTermRule.judge(holder, OLD_ETCD, 812)).isEqualTo(Verdict.REFUSE_RETIRED);
        assertThat(CheckpointTermRule.judge(holder, OLD_ETCD, 10_000)).isEqualTo(Verdict.REFUSE_RETIRED);
        assertThat(CheckpointTermRule.judge(holder, NEW_ETCD, 4)).isEqualTo(Verdict.REFUSE_OLDER);
    }

    @Test
    void a_checkpoint_written_before_epochs_is_compared_by_revision_only() {
        Stored legacy = stored(812, "");

        assertThat(CheckpointTermRule.judge(legacy, NEW_ETCD, 5)).isEqualTo(Verdict.REFUSE_OLDER);
        assertThat(CheckpointTermRule.judge(legacy, NEW_ETCD, 813)).isEqualTo(Verdict.WRITE);
    }

    @Test
    void a_term_of_unknown_epoch_is_compared_by_revision_only() {
        Stored holder = stored(812, OLD_ETCD, "epoch-older");

        assertThat(CheckpointTermRule.judge(holder, CheckpointStore.UNKNOWN_EPOCH, 5)).isEqualTo(Verdict.REFUSE_OLDER);
        assertThat(CheckpointTermRule.judge(holder, CheckpointStore.UNKNOWN_EPOCH, 900)).isEqualTo(Verdict.WRITE);
        assertThat(CheckpointTermRule.retiredAfter(holder, Verdict.WRITE)).containsExactly("epoch-older");
    }

    @Test
    void a_save_without_a_term_writes_only_where_no_term_is_stored() {
        assertThat(CheckpointTermRule.judge(Stored.NONE, "", CheckpointStore.NO_TERM)).isEqualTo(Verdict.WRITE);
        assertThat(CheckpointTermRule.judge(stored(1, OLD_ETCD), "", CheckpointStore.NO_TERM))
                .isEqualTo(Verdict.REFUSE_OLDER);
        assertThat(CheckpointTermRule.judge(Stored.NONE, OLD_ETCD, 1)).isEqualTo(Verdict.WRITE);
    }

    @Test
    void the_checkpoint_remembers_the_latest_replaced_etcds_only() {
        String[] many = IntStream.range(0, CheckpointTermRule.RETIRED_KEPT).mapToObj(i -> "epoch-" + i)
                .toArray(String[]::new);
        Stored holder = stored(3, "epoch-current", many);

        List<String> retired = CheckpointTermRule.retiredAfter(holder, Verdict.TAKE_OVER);

        assertThat(retired).hasSize(CheckpointTermRule.RETIRED_KEPT).doesNotContain("epoch-0")
                .endsWith("epoch-current");
    }
}
