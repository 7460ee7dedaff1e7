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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The poller's cost follows its audience: with no client it queries once a minute
 * ({@link SnapshotPoller#IDLE_INTERVAL}), not every poll interval, and the first client wakes it at once.
 */
class IdlePollingTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final FakeSource source = new FakeSource();
    private final AtomicInteger clients = new AtomicInteger();
    private final WebSettings settings = WebSettings.builder().pollInterval(INTERVAL).build();
    private final WebMetrics metrics = new WebMetrics(new SimpleMeterRegistry(), clients::get, () -> 0);
    private final Broadcaster broadcaster = new Broadcaster(() -> 8, metrics,
            new RateLimitedLog(LoggerFactory.getLogger(IdlePollingTest.class), Clock.systemUTC()));
    private final SnapshotPoller poller = new SnapshotPoller(() -> source, () -> settings, broadcaster,
            new SnapshotEncoder(new ObjectMapper()), Clock.systemUTC(), metrics, clients::get);

    @AfterEach
    void close() {
        poller.close();
    }

    @Test
    void with_no_client_the_poller_queries_once_then_idles() {
        poller.schedule();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.polls.get() == 1);
        // ten poll intervals without a query: only the idle interval (a minute) would bring the next
        await().during(INTERVAL.multipliedBy(10)).atMost(INTERVAL.multipliedBy(20)).until(() -> source.polls.get() == 1);
        assertThat(poller.notReadyBecause()).isEmpty();
    }

    @Test
    void the_first_client_wakes_an_idle_poller_at_once() {
        poller.schedule();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.polls.get() == 1);
        clients.set(1);
        poller.clientArrived();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.polls.get() >= 2);
    }

    @Test
    void with_clients_the_poller_queries_every_interval() {
        clients.set(3);
        poller.schedule();
        await().atMost(Duration.ofSeconds(10)).until(() -> source.polls.get() >= 5);
    }

    @Test
    void when_the_last_client_leaves_the_poller_idles_again() {
        clients.set(1);
        poller.schedule();
        await().atMost(Duration.ofSeconds(10)).until(() -> source.polls.get() >= 3);
        clients.set(0);
        int settled = source.polls.get() + 1; // a round already scheduled with the short delay may still come
        await().during(INTERVAL.multipliedBy(10)).atMost(INTERVAL.multipliedBy(20))
                .until(() -> source.polls.get() <= settled);
    }
}
