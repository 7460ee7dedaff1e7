package dev.rsvpstack.archiver.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.Supplier;

/** {@code /healthz} (a JSON status, 503 when unhealthy) and {@code /metrics} (Prometheus text). */
public final class StatusServer implements AutoCloseable {
    /** A health verdict and the JSON that explains it. */
    public record Health(boolean healthy, String json) {
    }

    private final Undertow server;
    private final String host;

    public StatusServer(String host, int port, PrometheusMeterRegistry registry, Supplier<Health> health) {
        this.host = host;
        this.server = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(Handlers.path()
                        .addExactPath("/metrics", exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
                                    "text/plain; version=0.0.4; charset=utf-8");
                            exchange.getResponseSender().send(registry.scrape());
                        })
                        .addExactPath("/healthz", exchange -> {
                            Health verdict = health.get();
                            exchange.setStatusCode(verdict.healthy() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE);
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                            exchange.getResponseSender().send(verdict.json());
                        }))
                .build();
    }

    public StatusServer start() {
        server.start();
        return this;
    }

    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop();
    }
}
