package dev.rsvpstack.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrafficTrackerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Counter late = Counter.builder("late").register(new SimpleMeterRegistry());
    private final TrafficTracker tracker = new TrafficTracker(exchange -> { }, late, now::get);

    @Test
    void only_requests_after_leaving_are_counted_and_probes_never() throws Exception {
        request("/");
        tracker.left();
        request("/readyz");
        request("/healthz");
        assertThat(late.count()).isZero();

        request("/ws/rsvps");
        request("/app.js");
        assertThat(late.count()).isEqualTo(2.0);
    }

    @Test
    void quiet_counts_from_the_later_of_leaving_and_the_last_request_and_probes_do_not_reset_it() throws Exception {
        tracker.left();
        advance(300);
        assertThat(tracker.quietRemaining(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(700));

        request("/");
        advance(400);
        request("/readyz");
        assertThat(tracker.quietRemaining(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(600));

        advance(600);
        assertThat(tracker.quietRemaining(Duration.ofSeconds(1))).isZero();
    }

    private void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    private void request(String path) throws Exception {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setRelativePath(path);
        tracker.handleRequest(exchange);
    }
}
