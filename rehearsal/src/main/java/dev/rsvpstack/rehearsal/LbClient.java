package dev.rsvpstack.rehearsal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One page's socket through the load balancer. Logs "closed INDEX CODE WHY" once per connection and
 * "open-failed INDEX ERROR"; with reconnect it opens a new connection after the page's {@link Backoff}
 * (an open resets it) and logs "reopened INDEX ATTEMPTS" when one opens after a close.
 */
final class LbClient {
    private final HttpClient http;
    private final URI uri;
    private final int index;
    private final boolean reconnect;
    private final EventLog events;
    private final LoadCounters counters;
    private int attempts;
    private boolean everClosed;
    private volatile boolean isOpen;
    private volatile long lastMessage;

    LbClient(HttpClient http, URI uri, int index, boolean reconnect, EventLog events, LoadCounters counters) {
        this.http = http;
        this.uri = uri;
        this.index = index;
        this.reconnect = reconnect;
        this.events = events;
        this.counters = counters;
    }

    CompletionStage<WebSocket> connect() {
        AtomicBoolean gone = new AtomicBoolean();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri,
                new TextListener(text -> {
                    counters.messages.incrementAndGet();
                    lastMessage = System.currentTimeMillis();
                }, (code, why) -> {
                    if (gone.compareAndSet(false, true)) {
                        isOpen = false;
                        counters.open.decrementAndGet();
                        counters.closed.incrementAndGet();
                        events.log("closed " + index + " " + code + " " + why);
                        synchronized (this) {
                            everClosed = true;
                        }
                        retry();
                    }
                })).whenComplete((ws, error) -> {
                    if (error != null) {
                        events.log("open-failed " + index + " " + EventLog.word(error));
                        retry();
                        return;
                    }
                    opened(gone.get());
                });
    }

    private void opened(boolean alreadyGone) {
        lastMessage = System.currentTimeMillis();
        isOpen = !alreadyGone;
        counters.open.incrementAndGet();
        int tries;
        boolean again;
        synchronized (this) {
            tries = attempts;
            again = everClosed;
            attempts = 0;
        }
        if (again) {
            counters.reopened.incrementAndGet();
            events.log("reopened " + index + " " + tries);
        }
    }

    boolean isOpen() {
        return isOpen;
    }

    long lastMessage() {
        return lastMessage;
    }

    private void retry() {
        if (!reconnect) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = Backoff.delayMillis(attempts++, () -> ThreadLocalRandom.current().nextDouble());
        }
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::connect);
    }
}
