package dev.rsvpstack.web.internal;

import dev.rsvpstack.session.SessionHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Resolves the request's session before the page is sent. The page itself reads nothing from the
 * session, and session-lib resolves a session lazily: left untouched, a new session would only be
 * resolved when the response is committed, too late to add its {@code Set-Cookie} header, and a
 * first visit would get no cookie even with {@code saveUninitialized}.
 */
public final class SessionResolvingHandler implements HttpHandler {
    private final HttpHandler next;

    public SessionResolvingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        SessionHandler.session(exchange).id();
        next.handleRequest(exchange);
    }
}
