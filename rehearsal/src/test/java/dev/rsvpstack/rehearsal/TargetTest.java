package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void at_most_is_met_by_a_number_up_to_the_value_and_never_by_a_word() {
        Target target = Target.parse("<=11");
        assertThat(target.met("11.0")).isEqualTo("yes");
        assertThat(target.met("11.1")).isEqualTo("no");
        assertThat(target.met("never")).isEqualTo("no");
        assertThat(target.text()).isEqualTo("≤ 11");
    }

    @Test
    void at_least_reads_both_spellings() {
        assertThat(Target.parse(">=80").met("80")).isEqualTo("yes");
        assertThat(Target.parse("≥ 80 %").met("79.9")).isEqualTo("no");
    }

    @Test
    void equal_compares_numbers_as_numbers_and_words_as_words() {
        assertThat(Target.parse("=0").met("0.0")).isEqualTo("yes");
        assertThat(Target.parse("=0").met("1")).isEqualTo("no");
        assertThat(Target.parse("=yes").met("yes")).isEqualTo("yes");
        assertThat(Target.parse("=yes").met("no")).isEqualTo("no");
        assertThat(Target.parse("=0").met("?")).isEqualTo("no");
        assertThat(Target.parse("=0").text()).isEqualTo("0");
    }

    @Test
    void no_target_is_never_met_or_missed() {
        assertThat(Target.parse("—").present()).isFalse();
        assertThat(Target.parse("").met("42")).isEqualTo("—");
        assertThat(Target.parse("—").text()).isEqualTo("—");
    }
}
