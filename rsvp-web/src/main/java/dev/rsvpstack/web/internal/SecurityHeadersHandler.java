package dev.rsvpstack.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/**
 * Adds the page's security headers. Its scripts and styles are files of the same origin and it
 * builds the DOM with {@code textContent}, so the policy allows no inline code and no {@code eval}:
 * even a string from the stream that slipped into markup could not run.
 */
public final class SecurityHeadersHandler implements HttpHandler {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER = new HttpString("Referrer-Policy");
    private static final HttpString FRAME = new HttpString("X-Frame-Options");

    private final HttpHandler next;

    public SecurityHeadersHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(CSP, POLICY).put(NOSNIFF, "nosniff").put(REFERRER, "no-referrer")
                .put(FRAME, "DENY");
        next.handleRequest(exchange);
    }
}
