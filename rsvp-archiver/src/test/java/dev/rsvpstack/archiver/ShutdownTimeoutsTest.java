package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownTimeoutsTest {
    /** docker stop's default grace; systemd's TimeoutStopSec in units/ is longer. */
    private static final Duration DOCKER_STOP_GRACE = Duration.ofSeconds(10);

    @Test
    void the_default_bound_is_the_sum_of_the_steps_and_below_docker_stops_grace() {
        ShutdownTimeouts defaults = ShutdownTimeouts.DEFAULTS;

        assertThat(defaults.bound()).isEqualTo(Duration.ofSeconds(8))
                .isEqualTo(defaults.inFlight().plus(defaults.checkpoint()).plus(defaults.election())
                        .plus(defaults.couchbase()).plus(defaults.etcd()).plus(ShutdownTimeouts.LOCAL_STEPS))
                .isLessThan(DOCKER_STOP_GRACE);
    }

    @Test
    void archiver_settings_carry_the_defaults_unless_given_others() {
        ShutdownTimeouts quick = new ShutdownTimeouts(Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        URI source = URI.create("ws://127.0.0.1:8090/2/rsvps");

        assertThat(ArchiverSettings.builder(source).build().shutdown()).isEqualTo(ShutdownTimeouts.DEFAULTS);
        assertThat(ArchiverSettings.builder(source).shutdown(quick).build().shutdown()).isEqualTo(quick);
    }

    @Test
    void a_step_without_a_positive_timeout_is_refused_naming_it() {
        assertThatThrownBy(() -> new ShutdownTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("election");
        assertThatThrownBy(() -> ArchiverSettings.builder(URI.create("ws://127.0.0.1:8090/2/rsvps")).shutdown(null)
                .build()).isInstanceOf(NullPointerException.class).hasMessageContaining("shutdown");
    }
}
