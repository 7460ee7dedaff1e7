package dev.rsvpstack.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.internal.Broadcaster;
import dev.rsvpstack.web.internal.RateLimitedLog;
import dev.rsvpstack.web.internal.SnapshotEncoder;
import dev.rsvpstack.web.internal.SnapshotPoller;
import dev.rsvpstack.web.internal.WebMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A swapped source (a new Couchbase connection after a RELOAD) is queried at once, not at the next
 * round: the poll interval here is an hour, so a second query within seconds can only be that one.
 */
class ReloadPollingTest {
    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-30T02:00:00Z"), ZoneOffset.UTC);

    private final FakeSource first = new FakeSource();
    private final FakeSource second = new FakeSource();
    private final AtomicReference<FakeSource> live = new AtomicReference<>(first);
    private final WebSettings settings = WebSettings.builder().pollInterval(AN_HOUR).build();
    private final WebMetrics metrics = new WebMetrics(new SimpleMeterRegistry(), () -> 1, () -> 0);
    private final Broadcaster broadcaster = new Broadcaster(() -> 8, metrics,
            new RateLimitedLog(LoggerFactory.getLogger(ReloadPollingTest.class), FIXED));
    private final SnapshotPoller poller = new SnapshotPoller(live::get, () -> settings, broadcaster,
            new SnapshotEncoder(new ObjectMapper()), FIXED, metrics, () -> 1);

    @AfterEach
    void close() {
        poller.close();
    }

    @Test
    void a_swapped_source_is_queried_at_once_and_its_data_pushed() {
        first.rows = List.of(FakeSource.row(1, "From the first Couchbase"));
        second.rows = List.of(FakeSource.row(2, "From the second Couchbase"));
        poller.schedule();
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.pollsChanged.count() == 1);

        live.set(second);
        poller.sourceChanged();

        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.pollsChanged.count() == 2);
        assertThat(second.polls).hasValue(1);
        assertThat(first.polls).hasValue(1);
    }

    @Test
    void a_swapped_source_with_the_same_data_pushes_nothing() {
        first.rows = List.of(FakeSource.row(1, "The same"));
        second.rows = first.rows;
        poller.schedule();
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.pollsChanged.count() == 1);

        live.set(second);
        poller.sourceChanged();

        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.pollsUnchanged.count() == 1);
        assertThat(metrics.pollsChanged.count()).isEqualTo(1);
    }

    @Test
    void a_source_change_before_the_poller_started_schedules_nothing() {
        poller.sourceChanged();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> first.polls.get() == 0);
    }
}
