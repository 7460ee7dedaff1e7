package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rsvpstack.discovery.ConfigKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
    private static final ConfigKey<Duration> POLL = ConfigKey.duration("poll-interval", Duration.ofSeconds(5));
    private static final ConfigKey<Integer> LIMIT = ConfigKey.integer("limit", 10)
            .validate(n -> n >= 1 && n <= 100, "1..100");
    private static final ConfigKey<List<String>> TOPICS = ConfigKey.list("topics", List.of());

    private final ConfigValues values = new ConfigValues("web", List.of(POLL, LIMIT, TOPICS));

    @Test
    void every_key_starts_at_its_default() {
        assertThat(values.get(POLL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(values.get(LIMIT)).isEqualTo(10);
        assertThat(values.get(TOPICS)).isEmpty();
        assertThat(values.invalidCount()).isZero();
    }

    @Test
    void a_valid_value_replaces_the_current_one_and_reports_a_change() {
        assertThat(values.apply("limit", "25")).isTrue();

        assertThat(values.get(LIMIT)).isEqualTo(25);
    }

    @Test
    void an_invalid_value_keeps_the_last_good_one_and_is_counted() {
        values.apply("limit", "25");

        assertThat(values.apply("limit", "lots")).isFalse();
        assertThat(values.apply("limit", "500")).isFalse(); // parses, breaks the rule

        assertThat(values.get(LIMIT)).isEqualTo(25);
        assertThat(values.invalidCount()).isEqualTo(2);
    }

    @Test
    void the_same_invalid_value_seen_again_after_a_relist_counts_once() {
        values.apply("limit", "lots");

        values.applyAll(Map.of("limit", "lots"));
        values.apply("limit", "lots");
        assertThat(values.invalidCount()).isEqualTo(1);

        values.apply("limit", "more"); // another invalid value is news
        assertThat(values.invalidCount()).isEqualTo(2);

        values.apply("limit", "20");
        values.apply("limit", "more"); // invalid again after a good one: news again
        assertThat(values.invalidCount()).isEqualTo(3);
        assertThat(values.get(LIMIT)).isEqualTo(20);
    }

    @Test
    void an_invalid_value_before_any_good_one_keeps_the_default() {
        assertThat(values.apply("poll-interval", "soon")).isFalse();

        assertThat(values.get(POLL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(values.invalidCount()).isEqualTo(1);
    }

    @Test
    void a_deleted_key_goes_back_to_its_default() {
        values.apply("poll-interval", "2s");

        assertThat(values.apply("poll-interval", null)).isTrue();

        assertThat(values.get(POLL)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void deleting_a_key_that_holds_its_default_changes_nothing() {
        assertThat(values.apply("poll-interval", null)).isFalse();
    }

    @Test
    void a_new_raw_value_with_the_same_meaning_is_no_change() {
        values.apply("poll-interval", "PT2S");

        assertThat(values.apply("poll-interval", "2s")).isFalse();
        assertThat(values.apply("poll-interval", "2000ms")).isFalse();
        assertThat(values.apply("topics", " ")).isFalse(); // empty list, as the default
    }

    @Test
    void a_valid_value_after_an_invalid_one_applies() {
        values.apply("limit", "nope");

        assertThat(values.apply("limit", "50")).isTrue();
        assertThat(values.get(LIMIT)).isEqualTo(50);
    }

    @Test
    void an_undeclared_key_is_ignored_and_not_counted_as_invalid() {
        assertThat(values.apply("future-setting", "whatever")).isFalse();

        assertThat(values.invalidCount()).isZero();
    }

    @Test
    void apply_all_sets_present_keys_and_resets_absent_ones() {
        values.apply("limit", "25");
        values.apply("poll-interval", "1s");

        boolean changed = values.applyAll(Map.of("topics", "java, etcd", "poll-interval", "1s"));

        assertThat(changed).isTrue();
        assertThat(values.get(TOPICS)).containsExactly("java", "etcd");
        assertThat(values.get(POLL)).isEqualTo(Duration.ofSeconds(1));
        assertThat(values.get(LIMIT)).isEqualTo(10);
    }

    @Test
    void apply_all_of_the_same_values_reports_no_change() {
        values.applyAll(Map.of("limit", "25"));

        assertThat(values.applyAll(Map.of("limit", "25"))).isFalse();
    }

    @Test
    void get_of_a_key_the_service_did_not_declare_fails() {
        assertThatThrownBy(() -> values.get(ConfigKey.bool("enabled", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enabled");
        // same name, another type: must not hand out an Integer as a Long
        assertThatThrownBy(() -> values.get(ConfigKey.longValue("limit", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void two_keys_with_one_name_are_rejected() {
        assertThatThrownBy(() -> new ConfigValues("web", List.of(LIMIT, ConfigKey.integer("limit", 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
    }
}
