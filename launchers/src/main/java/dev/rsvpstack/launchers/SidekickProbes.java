package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.HealthProbe;
import dev.rsvpstack.discovery.HealthProbes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The probes a sidekick can run against the service it announces. */
enum SidekickProbes {
    /** A TCP connect. */
    TCP,
    /** memcached's {@code version} command answers {@code VERSION ...}. */
    MEMCACHED,
    /** Couchbase's REST API answers on {@code /pools} (any status below 500, 401 included). */
    COUCHBASE;

    static SidekickProbes parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--probe must be tcp, memcached or couchbase, was '" + value + "'");
        }
    }

    HealthProbe probe(InetSocketAddress target, Duration timeout) {
        return switch (this) {
            case TCP -> HealthProbes.tcp(target, timeout);
            case MEMCACHED -> () -> memcachedVersion(target, timeout);
            case COUCHBASE -> () -> couchbaseAnswers(target, timeout);
        };
    }

    private static boolean memcachedVersion(InetSocketAddress target, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(resolved(target), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[64];
            int read = in.read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("VERSION ");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean couchbaseAnswers(InetSocketAddress target, Duration timeout) {
        try {
            HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(timeout).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + target.getHostString() + ":" + target.getPort()
                            + "/pools")).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static InetSocketAddress resolved(InetSocketAddress address) {
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }
}
