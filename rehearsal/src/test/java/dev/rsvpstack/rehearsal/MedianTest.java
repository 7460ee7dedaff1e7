package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void odd_count_is_the_middle_value_by_number_not_by_text() {
        assertThat(Median.of(List.of("10", "9", "100"))).isEqualTo("10");
    }

    @Test
    void even_count_is_the_lower_middle_value_never_a_mean() {
        assertThat(Median.of(List.of("4.2", "1.0", "3.8", "2.5"))).isEqualTo("2.5");
        assertThat(Median.of(List.of("7", "3"))).isEqualTo("3");
    }

    @Test
    void words_sort_after_numbers_so_a_never_counts_as_the_slowest() {
        assertThat(Median.of(List.of("never", "5.1", "5.3"))).isEqualTo("5.3");
        assertThat(Median.of(List.of("never", "never", "5.3"))).isEqualTo("never");
    }

    @Test
    void words_alone_take_the_alphabetical_middle() {
        assertThat(Median.of(List.of("yes", "no", "yes"))).isEqualTo("yes");
        assertThat(Median.of(List.of("no", "no", "yes"))).isEqualTo("no");
    }

    @Test
    void a_number_is_the_first_word_without_thousands_separators() {
        assertThat(Median.number("1,234 req/s")).contains(1234.0);
        assertThat(Median.number("-0.5")).contains(-0.5);
        assertThat(Median.number("?")).isEmpty();
        assertThat(Median.of(List.of("1,500 req/s", "900 req/s", "1,200 req/s"))).isEqualTo("1,200 req/s");
    }

    @Test
    void no_values_is_n_a() {
        assertThat(Median.of(List.of())).isEqualTo("n/a");
    }
}
