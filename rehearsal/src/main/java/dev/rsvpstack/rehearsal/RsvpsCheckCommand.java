package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rsvps-check SIM_IDS VIEW_URL USER PASSWORD FROM_MS TO_MS [RETRY_SECONDS]}: the ids the
 * simulator sent with FROM_MS &lt;= mtime &lt;= TO_MS that the bucket's view does not hold, asking again
 * every 2 s for up to RETRY_SECONDS while some are missing (a spool may still be draining). Prints one
 * line of "key=value" fields.
 */
final class RsvpsCheckCommand {
    private static final long RETRY_MILLIS = 2_000;

    private RsvpsCheckCommand() {
    }

    static void run(Path simIds, String viewUrl, String user, String password, long from, long to, int retrySeconds)
            throws IOException, InterruptedException {
        RsvpCheck window = RsvpCheck.sentIn(Files.readAllLines(simIds), from, to);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        long started = System.currentTimeMillis();
        long deadline = started + retrySeconds * 1000L;
        int queries = 0;
        while (true) {
            queries++;
            String result;
            boolean done = false;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(viewUrl))
                        .header("Authorization", "Basic " + auth).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Optional<Set<Long>> stored = response.statusCode() == 200
                        ? Messages.viewRsvpIds(response.body()) : Optional.empty();
                if (stored.isEmpty()) {
                    result = "view-status=" + response.statusCode() + " view-answer=" + abbreviate(response.body())
                            + " sent=" + window.sent().size() + " stored-total=? missing=?";
                } else {
                    RsvpCheck checked = window.against(stored.get());
                    result = checked.describe(stored.get().size());
                    done = checked.missing().isEmpty();
                }
            } catch (IOException e) {
                result = "view-error=" + String.valueOf(e).replace(' ', '_') + " sent=" + window.sent().size()
                        + " stored-total=? missing=?";
            }
            if (done || System.currentTimeMillis() + RETRY_MILLIS > deadline) {
                System.out.println(result + " queries=" + queries + " waited-s="
                        + (System.currentTimeMillis() - started) / 1000);
                return;
            }
            Thread.sleep(RETRY_MILLIS);
        }
    }

    private static String abbreviate(String body) {
        return body.substring(0, Math.min(120, body.length())).replaceAll("\\s+", "_");
    }
}
