package dev.rsvpstack.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.IntSupplier;

/**
 * Refuses a WebSocket upgrade with 503 and {@code Retry-After} while the instance holds its maximum of
 * connections: cheaper than accepting and closing, and a load balancer can send the client elsewhere.
 */
public final class CapacityHandler implements HttpHandler {
    private final Broadcaster broadcaster;
    private final IntSupplier maxConnections;
    private final WebMetrics metrics;
    private final RateLimitedLog log;
    private final HttpHandler next;

    public CapacityHandler(Broadcaster broadcaster, IntSupplier maxConnections, WebMetrics metrics, RateLimitedLog log,
                           HttpHandler next) {
        this.broadcaster = broadcaster;
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        this.log = log;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        int max = maxConnections.getAsInt();
        if (broadcaster.clientCount() < max) {
            next.handleRequest(exchange);
            return;
        }
        metrics.rejectedCapacity.increment();
        log.warn("refused a WebSocket upgrade from {}: {} connections, the maximum", exchange.getSourceAddress(), max);
        exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("too many connections\n");
    }
}
