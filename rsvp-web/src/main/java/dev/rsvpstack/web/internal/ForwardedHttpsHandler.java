package dev.rsvpstack.web.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a request to {@code https} when it came over HTTPS as a trusted proxy says (a TLS-terminating
 * load balancer's {@code X-Forwarded-Proto: https}, believed only from the configured proxy addresses,
 * since any client can send the header), else to {@code plain}.
 */
public final class ForwardedHttpsHandler implements HttpHandler {
    private static final HttpString FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");

    private final Set<InetAddress> trustedProxies;
    private final HttpHandler https;
    private final HttpHandler plain;

    public ForwardedHttpsHandler(Set<InetAddress> trustedProxies, HttpHandler https, HttpHandler plain) {
        this.trustedProxies = Set.copyOf(trustedProxies);
        this.https = https;
        this.plain = plain;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        (cameOverHttps(exchange) ? https : plain).handleRequest(exchange);
    }

    /** Whether a trusted proxy forwarded this request from an HTTPS connection. */
    public boolean cameOverHttps(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null || source.getAddress() == null || !trustedProxies.contains(source.getAddress())) {
            return false;
        }
        String proto = exchange.getRequestHeaders().getFirst(FORWARDED_PROTO);
        if (proto == null) {
            return false;
        }
        int comma = proto.indexOf(',');
        String first = (comma < 0 ? proto : proto.substring(0, comma)).strip().toLowerCase(Locale.ROOT);
        return first.equals("https");
    }
}
