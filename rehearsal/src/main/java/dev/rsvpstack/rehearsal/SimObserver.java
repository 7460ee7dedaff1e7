package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's observer: records "RSVP_ID MTIME" for every RSVP the simulator sends. Its URL
 * carries {@code ?observer=true}, so the simulator neither counts it in the overlap nor refuses it. If
 * the connection ends it connects again with {@code since_mtime} of the last RSVP seen, so nothing sent
 * meanwhile is missed (a replayed RSVP is written twice; {@link RsvpCheck} counts those apart). Logs
 * "sim-closed -1 CODE WHY" and "sim-reconnected -1" to the events log (index -1: not a load client).
 */
final class SimObserver {
    private static final long RETRY_MILLIS = 500;
    private final HttpClient http;
    private final URI uri;
    private final EventLog ids;
    private final EventLog events;
    private final AtomicLong lastMtime = new AtomicLong(-1);

    SimObserver(HttpClient http, URI uri, Path idsFile, EventLog events) throws IOException {
        this.http = http;
        this.uri = uri;
        this.ids = new EventLog(idsFile);
        this.events = events;
    }

    /** The first connection; it must open (the rehearsal cannot count without it). */
    CompletableFuture<WebSocket> connect() {
        return open(uri);
    }

    /** The URL to resume from {@code mtime}: the same query plus since_mtime. */
    static URI resumeUri(URI uri, long mtime) {
        String s = uri.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "since_mtime=" + mtime);
    }

    private CompletableFuture<WebSocket> open(URI target) {
        AtomicBoolean gone = new AtomicBoolean();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(target, new TextListener(
                text -> Messages.rsvp(text).ifPresent(rsvp -> {
                    lastMtime.accumulateAndGet(rsvp.mtime(), Math::max);
                    ids.raw(rsvp.id() + " " + rsvp.mtime());
                }), (code, why) -> {
                    if (gone.compareAndSet(false, true)) {
                        events.log("sim-closed -1 " + code + " " + why);
                        reconnect();
                    }
                }));
    }

    private void reconnect() {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            long since = lastMtime.get();
            open(since < 0 ? uri : resumeUri(uri, since)).whenComplete((ws, error) -> {
                if (error != null) {
                    events.log("sim-open-failed -1 " + EventLog.word(error));
                    reconnect();
                } else {
                    events.log("sim-reconnected -1 since_mtime=" + since);
                }
            });
        });
    }

    void close() {
        ids.close();
    }
}
