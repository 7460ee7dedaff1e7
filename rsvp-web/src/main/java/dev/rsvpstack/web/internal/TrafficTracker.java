package dev.rsvpstack.web.internal;

import io.micrometer.core.instrument.Counter;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Wraps the public routes: remembers when the last request other than a probe arrived, and after
 * {@link #left()} counts every such request (a load balancer that follows the registry should send
 * none). Draining waits on it until the instance has been quiet for a while.
 */
public final class TrafficTracker implements HttpHandler {
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

    private final HttpHandler next;
    private final Counter afterLeaving;
    private final LongSupplier nanoTime;
    private volatile long lastRequestNanos;
    private volatile long leftNanos;
    private volatile boolean left;

    public TrafficTracker(HttpHandler next, Counter afterLeaving, LongSupplier nanoTime) {
        this.next = next;
        this.afterLeaving = afterLeaving;
        this.nanoTime = nanoTime;
        this.lastRequestNanos = nanoTime.getAsLong();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!PROBES.contains(exchange.getRelativePath())) {
            lastRequestNanos = nanoTime.getAsLong();
            if (left) {
                afterLeaving.increment();
            }
        }
        next.handleRequest(exchange);
    }

    /** From now on, requests are counted as arriving after the instance left the registry. */
    public void left() {
        leftNanos = nanoTime.getAsLong();
        left = true;
    }

    /**
     * How much longer to wait, from now, until {@code quiet} has passed with no request since the later of
     * {@link #left()} and the last request; zero when it has.
     */
    public Duration quietRemaining(Duration quiet) {
        long since = Math.max(leftNanos, lastRequestNanos);
        long remaining = since + quiet.toNanos() - nanoTime.getAsLong();
        return remaining <= 0 ? Duration.ZERO : Duration.ofNanos(remaining);
    }
}
