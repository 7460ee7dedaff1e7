package dev.rsvpstack.couchbase.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.couchbase.ViewHealth;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    private Instant now = Instant.parse("2026-11-30T10:00:00Z");
    private final HealthTracker tracker = new HealthTracker(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void failing_since_is_the_first_failure_of_a_run_and_the_reason_the_latest() {
        assertThat(tracker.current().problem()).contains("no view query has succeeded yet");
        tracker.succeeded();
        now = now.plusSeconds(5);
        tracker.failed("timeout");
        Instant firstFailure = now;
        now = now.plusSeconds(5);
        tracker.failed("connection refused");

        assertThat(tracker.current()).isEqualTo(new ViewHealth(ViewHealth.State.FAILING, firstFailure,
                "connection refused"));
        assertThat(tracker.current().problem()).contains("view queries failing since " + firstFailure
                + ": connection refused");

        now = now.plusSeconds(5);
        tracker.succeeded();
        assertThat(tracker.current().isOk()).isTrue();
        assertThat(tracker.current().since()).isEqualTo(now);
    }
}
