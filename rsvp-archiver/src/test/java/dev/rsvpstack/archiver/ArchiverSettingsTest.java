package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArchiverSettingsTest {
    private final ArchiverSettings.Builder builder = ArchiverSettings.builder(URI.create("ws://127.0.0.1:1/2/rsvps"));

    @Test
    void rsvps_are_kept_for_ever_unless_a_retention_is_given() {
        assertThat(builder.build().retention()).isZero();
        assertThat(builder.build().expires()).isFalse();
        assertThat(builder.retention(Duration.ofHours(1)).build().expires()).isTrue();
    }

    @Test
    void a_retention_below_one_second_or_negative_is_refused_naming_it() {
        assertThatThrownBy(() -> builder.retention(Duration.ofMillis(500)).build()).hasMessageContaining("retention");
        assertThatThrownBy(() -> builder.retention(Duration.ofSeconds(-1)).build()).hasMessageContaining("retention");
    }
}
