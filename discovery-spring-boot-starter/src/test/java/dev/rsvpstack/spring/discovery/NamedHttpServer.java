package dev.rsvpstack.spring.discovery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A service instance for the tests and the benchmark: answers every request with its name. */
public final class NamedHttpServer {
    private NamedHttpServer() {
    }

    /** Started on a free loopback port; stop it with {@code stop(0)}. */
    public static HttpServer start(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
