package dev.rsvpstack.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A tiny HTTP client for the tests: explicit Cookie headers, no cookie jar, so every test says what it sends. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, body, and the session cookie it set as "name=value", or null. */
    public record Reply(int status, String body, List<String> setCookies) {
        public String cookie() {
            return setCookies.isEmpty() ? null : setCookies.get(setCookies.size() - 1).split(";", 2)[0];
        }

        public String id() {
            return body.split(" ")[0];
        }

        public String views() {
            return body.split(" ")[1];
        }
    }

    public Reply get(URI uri, String cookieHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().allValues("set-cookie"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
