package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One socket straight to a web instance, reconnecting after 300 ms: logs "epochMs push NEWEST_MTIME
 * STALE_SINCE" per push ("null" while fresh), "closed", "connect-failed" and "connected".
 */
final class WebObserver {
    private static final long RETRY_MILLIS = 300;
    private final HttpClient http;
    private final URI uri;
    private final EventLog log;

    WebObserver(HttpClient http, URI uri, Path file) throws IOException {
        this.http = http;
        this.uri = uri;
        this.log = new EventLog(file);
    }

    void connect() {
        AtomicBoolean gone = new AtomicBoolean();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, new TextListener(
                text -> log.log(pushLine(text)), (code, why) -> {
                    if (gone.compareAndSet(false, true)) {
                        log.log("closed " + code + " " + why);
                        retry();
                    }
                })).whenComplete((ws, error) -> {
                    if (error != null) {
                        log.log("connect-failed " + EventLog.word(error));
                        retry();
                    } else {
                        log.log("connected");
                    }
                });
    }

    /** "push NEWEST_MTIME STALE_SINCE" for a push, "push 0 ?" for a message that is not one. */
    static String pushLine(String text) {
        return Messages.push(text).map(p -> "push " + p.newestMtime() + " "
                + (p.staleSince().isPresent() ? Long.toString(p.staleSince().getAsLong()) : "null"))
                .orElse("push 0 ?");
    }

    private void retry() {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(this::connect);
    }
}
