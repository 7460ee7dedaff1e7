package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RsvpCheckTest {
    private static final List<String> SENT = List.of("1 100", "2 200", "3 300", "2 200", "garbage", "4 400", "", "5 500");

    @Test
    void the_window_holds_the_distinct_ids_sent_in_it_and_counts_replayed_lines_as_duplicates() {
        RsvpCheck window = RsvpCheck.sentIn(SENT, 200, 400);

        assertThat(window.sent()).containsExactly(2L, 3L, 4L);
        assertThat(window.duplicates()).isEqualTo(1);
    }

    @Test
    void missing_are_the_window_ids_the_store_does_not_hold() {
        RsvpCheck checked = RsvpCheck.sentIn(SENT, 100, 500).against(Set.of(1L, 3L, 5L, 99L));

        assertThat(checked.missing()).containsExactly(2L, 4L);
        assertThat(checked.describe(4)).isEqualTo("sent=5 duplicates=1 stored-total=4 missing=2 first-missing=[2,4]");
    }

    @Test
    void nothing_missing_says_so_without_a_list() {
        RsvpCheck checked = RsvpCheck.sentIn(SENT, 300, 300).against(Set.of(3L));

        assertThat(checked.describe(1)).isEqualTo("sent=1 duplicates=1 stored-total=1 missing=0");
    }
}
