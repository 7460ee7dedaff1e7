package dev.rsvpstack.testkit.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Writes and deletes keys through etcd's gRPC-JSON gateway ({@code POST /v3/kv/put}, {@code /v3/kv/deleterange},
 * keys and values in base64), so that tests can do what an operator or a sidekick would without testkit
 * depending on jetcd.
 */
final class EtcdGateway {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private EtcdGateway() {
    }

    /** Tries each member in turn until one confirms the write. */
    static void put(List<URI> endpoints, String key, String value) {
        post(endpoints, "/v3/kv/put", "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}",
                "writing " + key);
    }

    /** Deletes every key under {@code prefix} (etcd's range from the prefix to the prefix with its last byte + 1). */
    static void deletePrefix(List<URI> endpoints, String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        post(endpoints, "/v3/kv/deleterange", "{\"key\":\"" + base64(prefix) + "\",\"range_end\":\""
                + Base64.getEncoder().encodeToString(end) + "\"}", "deleting " + prefix);
    }

    /**
     * Tries each member in turn, and again while one answers 503 (no leader yet, or a request that
     * timed out during an election, which etcdctl's user would retry too), for up to 10 s.
     */
    private static void post(List<URI> endpoints, String path, String body, String what) {
        String last = "no member";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        do {
            for (URI endpoint : endpoints) {
                HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                try {
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = endpoint + " answered " + response.statusCode() + ": " + response.body();
                    if (response.statusCode() != 503) {
                        throw new IllegalStateException("etcd refused " + what + " (" + last + ")");
                    }
                } catch (IOException e) {
                    last = endpoint + ": " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while " + what, e);
                }
            }
            pause(what);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("etcd did not confirm " + what + " within " + TIMEOUT + " (" + last + ")");
    }

    private static void pause(String what) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
