package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigKeyTest {
    private static final ConfigKey<Duration> POLL = ConfigKey.duration("poll-interval", Duration.ofSeconds(5));

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "5s, PT5S",
            "2m, PT2M",
            "1h, PT1H",
            "PT5S, PT5S",
            "pt1m30s, PT1M30S",
            "' 5s ', PT5S",
            "0s, PT0S",
            "5 s, PT5S",
    })
    void duration_accepts_short_units_and_iso_8601(String raw, String expected) {
        assertThat(POLL.parse(raw)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5x", "five seconds", "1.5s", "-5s", "PT-5S", "P", "", "s", "99999999999999999999h"})
    void duration_rejects_what_is_not_a_duration_naming_key_and_value(String raw) {
        assertThatThrownBy(() -> POLL.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'poll-interval'")
                .hasMessageContaining("'" + raw + "'");
    }

    @Test
    void duration_error_says_which_forms_are_accepted() {
        assertThatThrownBy(() -> POLL.parse("5"))
                .hasMessageContaining("500ms, 5s, 2m or 1h")
                .hasMessageContaining("PT5S");
    }

    @Test
    void integer_parses_decimal_and_rejects_the_rest() {
        ConfigKey<Integer> limit = ConfigKey.integer("limit", 10);

        assertThat(limit.parse("25")).isEqualTo(25);
        assertThat(limit.parse(" -3 ")).isEqualTo(-3);
        assertThatThrownBy(() -> limit.parse("ten")).hasMessageContaining("'limit'").hasMessageContaining("'ten'");
        assertThatThrownBy(() -> limit.parse("3000000000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limit.parse("2.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void long_value_takes_numbers_beyond_int() {
        ConfigKey<Long> bytes = ConfigKey.longValue("max-bytes", 1L);

        assertThat(bytes.parse("3000000000")).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> bytes.parse("3GB")).hasMessageContaining("'max-bytes'").hasMessageContaining("'3GB'");
    }

    @Test
    void bool_is_true_or_false_in_any_case_and_nothing_else() {
        ConfigKey<Boolean> flag = ConfigKey.bool("enabled", false);

        assertThat(flag.parse("true")).isTrue();
        assertThat(flag.parse("TRUE")).isTrue();
        assertThat(flag.parse("False")).isFalse();
        for (String typo : List.of("yes", "1", "on", "tru", "")) {
            assertThatThrownBy(() -> flag.parse(typo))
                    .as(typo)
                    .hasMessageContaining("'enabled'")
                    .hasMessageContaining("expected true or false");
        }
    }

    @Test
    void string_keeps_the_raw_value_as_stored() {
        assertThat(ConfigKey.string("title", "RSVPs").parse(" Meetup RSVPs ")).isEqualTo(" Meetup RSVPs ");
    }

    @Test
    void list_splits_on_commas_trims_and_drops_empty_items() {
        ConfigKey<List<String>> topics = ConfigKey.list("topics", List.of("java"));

        assertThat(topics.parse("a, b,,c ")).containsExactly("a", "b", "c");
        assertThat(topics.parse("")).isEmpty();
        assertThat(topics.parse(" , ")).isEmpty();
        assertThat(topics.parse("single")).containsExactly("single");
    }

    @Test
    void list_default_is_an_immutable_copy() {
        List<String> mutable = new java.util.ArrayList<>(List.of("a"));
        ConfigKey<List<String>> key = ConfigKey.list("topics", mutable);
        mutable.add("b");

        assertThat(key.defaultValue()).containsExactly("a");
        assertThatThrownBy(() -> key.defaultValue().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_rule_rejects_values_outside_it_naming_the_rule() {
        ConfigKey<Integer> port = ConfigKey.integer("port", 8080).validate(p -> p >= 1 && p <= 65_535, "1..65535");

        assertThat(port.parse("443")).isEqualTo(443);
        assertThatThrownBy(() -> port.parse("70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining("'70000'")
                .hasMessageContaining("1..65535");
    }

    @Test
    void rules_add_up() {
        ConfigKey<Integer> even = ConfigKey.integer("n", 2)
                .validate(n -> n > 0, "positive")
                .validate(n -> n % 2 == 0, "even");

        assertThat(even.parse("4")).isEqualTo(4);
        assertThatThrownBy(() -> even.parse("3")).hasMessageContaining("positive and even");
        assertThatThrownBy(() -> even.parse("-2")).hasMessageContaining("positive and even");
    }

    @Test
    void a_default_that_breaks_its_own_rule_is_rejected_at_creation() {
        assertThatThrownBy(() -> ConfigKey.integer("port", 0).validate(p -> p >= 1, "at least 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'port'")
                .hasMessageContaining("at least 1");
    }

    @Test
    void a_negative_default_duration_is_rejected() {
        assertThatThrownBy(() -> ConfigKey.duration("timeout", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "/x"})
    void names_must_be_one_non_blank_segment(String name) {
        assertThatThrownBy(() -> ConfigKey.integer(name, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_null_name_or_default_is_rejected() {
        assertThatThrownBy(() -> ConfigKey.string(null, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigKey.string("title", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("title");
        assertThatThrownBy(() -> ConfigKey.duration("d", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parse_of_null_names_the_key() {
        assertThatThrownBy(() -> POLL.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'poll-interval'");
    }

    @Test
    void keys_are_values() {
        assertThat(ConfigKey.integer("limit", 10)).isEqualTo(ConfigKey.integer("limit", 10))
                .hasSameHashCodeAs(ConfigKey.integer("limit", 10));
        assertThat(ConfigKey.integer("limit", 10)).isNotEqualTo(ConfigKey.integer("limit", 11));
        assertThat(ConfigKey.integer("limit", 10)).isNotEqualTo(ConfigKey.longValue("limit", 10));
        assertThat(ConfigKey.integer("limit", 10).validate(n -> n > 0, "positive"))
                .isNotEqualTo(ConfigKey.integer("limit", 10));
        assertThat(POLL.name()).isEqualTo("poll-interval");
        assertThat(POLL.defaultValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(POLL.type()).isEqualTo("duration");
        assertThat(POLL).hasToString("ConfigKey[poll-interval: duration = PT5S]");
    }
}
