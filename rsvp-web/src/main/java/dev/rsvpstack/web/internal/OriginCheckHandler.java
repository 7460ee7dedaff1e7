package dev.rsvpstack.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Refuses (403) a WebSocket upgrade whose {@code Origin} is neither the page's own nor allowed: without
 * it any web site a user visits could open our socket in their browser (cross-site WebSocket
 * hijacking). Same-origin compares host and port with the request's {@code Host}, not the scheme, so a
 * TLS-terminating proxy in front does not break it. A request without {@code Origin} is not from a
 * browser page (browsers always send it on upgrades) and passes.
 */
public final class OriginCheckHandler implements HttpHandler {
    private final Supplier<List<String>> allowed;
    private final WebMetrics metrics;
    private final RateLimitedLog log;
    private final HttpHandler next;

    public OriginCheckHandler(Supplier<List<String>> allowed, WebMetrics metrics, RateLimitedLog log, HttpHandler next) {
        this.allowed = allowed;
        this.metrics = metrics;
        this.log = log;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null || permitted(origin, exchange.getRequestHeaders().getFirst(Headers.HOST), allowed.get())) {
            next.handleRequest(exchange);
            return;
        }
        metrics.rejectedOrigin.increment();
        log.warn("refused a WebSocket upgrade from {}: origin '{}' is not allowed",
                exchange.getSourceAddress(), printable(origin));
        exchange.setStatusCode(StatusCodes.FORBIDDEN);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("origin not allowed\n");
    }

    static boolean permitted(String origin, String host, List<String> allowed) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return false; // "null" (sandboxed frames, file:) and anything odd
        }
        String originHost = uri.getHost().toLowerCase(Locale.ROOT);
        int originPort = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String normalized = scheme + "://" + originHost + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (allowed.contains(normalized)) {
            return true;
        }
        return host != null && sameAuthority(originHost, originPort, host.strip().toLowerCase(Locale.ROOT), scheme);
    }

    private static boolean sameAuthority(String originHost, int originPort, String host, String scheme) {
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        String name = hasPort ? host.substring(0, colon) : host;
        int port;
        try {
            port = hasPort ? Integer.parseInt(host.substring(colon + 1)) : scheme.equals("https") ? 443 : 80;
        } catch (NumberFormatException e) {
            return false;
        }
        return name.equals(originHost) && port == originPort;
    }

    private static String printable(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
