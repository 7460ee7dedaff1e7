package dev.rsvpstack.session;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Deque;

/**
 * A minimal Undertow application with session-lib, for the integration tests and the benchmark.
 * Routes: {@code /visit} counts visits in "views"; {@code /read} only reads them; {@code /new} puts
 * one attribute in a new session; {@code /big?kb=N} stores N KiB; {@code /t?k=name} counts in
 * attribute {@code name}; {@code /login} regenerates the id; {@code /logout} destroys the session.
 * Every response is the session id and the counter read, as {@code id views}.
 */
public final class DemoServer implements AutoCloseable {
    private final Undertow server;

    public DemoServer(Sessions sessions, int port) {
        this.server = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(new SessionHandler(sessions, DemoServer::route))
                .build();
        server.start();
    }

    public URI uri(String path) {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    private static void route(HttpServerExchange exchange) {
        Session session = SessionHandler.session(exchange);
        Object views = session.getAttribute("views");
        switch (exchange.getRelativePath()) {
            case "/visit" -> {
                views = views instanceof Number n ? n.intValue() + 1 : 1;
                session.setAttribute("views", views);
            }
            case "/new" -> session.setAttribute("n", 1);
            case "/big" -> session.setAttribute("blob", "x".repeat(1024 * Integer.parseInt(param(exchange, "kb"))));
            case "/t" -> {
                String name = param(exchange, "k");
                Object count = session.getAttribute(name);
                session.setAttribute(name, count instanceof Number n ? n.intValue() + 1 : 1);
            }
            case "/login" -> {
                session.regenerateId();
                session.setAttribute("user", "ann");
            }
            case "/logout" -> session.invalidate();
            default -> {
                // "/read" and anything else: read only
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send((session.isInvalidated() ? "-" : session.id()) + " " + views);
    }

    private static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? "" : values.getFirst();
    }

    @Override
    public void close() {
        server.stop();
    }
}
