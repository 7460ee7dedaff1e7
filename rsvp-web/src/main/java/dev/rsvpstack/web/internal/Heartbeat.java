package dev.rsvpstack.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every client each {@code interval} and closes those that leave a ping unanswered for
 * {@code timeout} (Socket.IO's pingInterval and pingTimeout, 25 s and 20 s): a browser that went
 * away without a close (a laptop lid, a dead NAT entry) stops holding a connection. Pings are
 * protocol frames, which browsers answer by themselves; the page has no code for it.
 */
public final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Broadcaster broadcaster;
    private final Supplier<Duration> interval;
    private final Supplier<Duration> timeout;
    private final Clock clock;
    private final WebMetrics metrics;
    private final RateLimitedLog log;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rsvp-web-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> task;   // guarded by this
    private long tickMillis;          // guarded by this

    public Heartbeat(Broadcaster broadcaster, Supplier<Duration> interval, Supplier<Duration> timeout, Clock clock,
                     WebMetrics metrics) {
        this.broadcaster = broadcaster;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        this.metrics = metrics;
        this.log = new RateLimitedLog(LOG, clock);
    }

    /** Starts, or re-times after the settings changed: ticks a quarter of the shorter of the two. */
    public synchronized void schedule() {
        long tick = Math.max(25, Math.min(interval.get().toMillis(), timeout.get().toMillis()) / 4);
        if (task != null && tick == tickMillis) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        tickMillis = tick;
        task = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            long now = clock.millis();
            long every = interval.get().toMillis();
            long patience = timeout.get().toMillis();
            for (SocketClient client : broadcaster.clients()) {
                if (client.awaitingPong()) {
                    if (now - client.pingSentAt() >= patience) {
                        metrics.disconnectedHeartbeat.increment();
                        log.warn("closing {}: no pong {} ms after the ping", client.description(), now - client.pingSentAt());
                        broadcaster.unregister(client);
                        client.forceClose();
                    }
                } else if (now - client.pingSentAt() >= every) {
                    client.ping(now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("heartbeat round failed; next round as usual", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
