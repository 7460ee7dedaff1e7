package dev.rsvpstack.testkit.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a member's {@code /health} endpoint whether it serves requests. An open client port is
 * not enough: etcd accepts connections before its cluster has a quorum and a leader, and answers
 * nothing until then.
 */
final class EtcdHealth {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private EtcdHealth() {
    }

    /** True when the member answers {@code {"health":"true"}}: it has a leader and can read. */
    static boolean isHealthy(URI clientUrl) {
        HttpRequest request = HttpRequest.newBuilder(clientUrl.resolve("/health")).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of a metric without labels on the member's {@code /metrics}. */
    static long metric(URI clientUrl, String name) {
        HttpRequest request = HttpRequest.newBuilder(clientUrl.resolve("/metrics")).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
                }
            }
            throw new IllegalStateException(clientUrl + "/metrics has no " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + clientUrl + "/metrics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + clientUrl + "/metrics", e);
        }
    }
}
