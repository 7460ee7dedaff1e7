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
 * Writes a key through etcd's gRPC-JSON gateway ({@code POST /v3/kv/put}, key and value in base64),
 * so that tests can put what an operator or a sidekick would without testkit depending on jetcd.
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
        String body = "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}";
        String last = "no member";
        for (URI endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/v3/kv/put")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = endpoint + " answered " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = endpoint + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing " + key, e);
            }
        }
        throw new IllegalStateException("etcd did not confirm writing " + key + " (" + last + ")");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
