package dev.rsvpstack.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

/** Adds the page's security headers; its scripts and styles are files, so the CSP needs no inline code. */
public final class SecurityHeadersHandler implements HttpHandler {
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER = new HttpString("Referrer-Policy");
    private static final String POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpHandler next;

    public SecurityHeadersHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(CSP, POLICY).put(NOSNIFF, "nosniff").put(REFERRER, "no-referrer");
        next.handleRequest(exchange);
    }
}
