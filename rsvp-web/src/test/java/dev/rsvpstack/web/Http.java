package dev.rsvpstack.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small HTTP helpers over the JDK client. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample, for example {@code metric(web, "rsvp_web_polls_total", "outcome=\"failed\"")}. */
    static double metric(RsvpWebServer web, String name, String label) throws IOException, InterruptedException {
        String body = get(web.managementUri().resolve("/metrics")).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label)
                + "[^}]*}\\s+(\\S+)$").matcher(body);
        if (!m.find()) {
            Matcher plain = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{\\})?\\s+(\\S+)$").matcher(body);
            if (label.isEmpty() && plain.find()) {
                return Double.parseDouble(plain.group(1));
            }
            throw new AssertionError("no sample " + name + "{" + label + "} in /metrics:\n" + body);
        }
        return Double.parseDouble(m.group(1));
    }
}
