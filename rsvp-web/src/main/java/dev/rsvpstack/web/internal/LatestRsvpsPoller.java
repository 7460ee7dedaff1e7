package dev.rsvpstack.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.RsvpRow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller per instance, whatever the number of clients: the book started a timer per socket
 * connection, so N clients caused N queries and N broadcasts every 5 s.
 */
public final class LatestRsvpsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatestRsvpsPoller.class);

    private final LatestRsvpsSource source;
    private final LatestRsvpsBroadcaster broadcaster;
    private final ObjectMapper mapper;
    private final int limit;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "latest-rsvps-poller");
        thread.setDaemon(true);
        return thread;
    });
    private boolean failing;

    public LatestRsvpsPoller(LatestRsvpsSource source, LatestRsvpsBroadcaster broadcaster, ObjectMapper mapper,
                             int limit) {
        this.source = source;
        this.broadcaster = broadcaster;
        this.mapper = mapper;
        this.limit = limit;
    }

    /** Polls now, then every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollOnce() {
        try {
            List<RsvpRow> rows = source.latest(limit);
            broadcaster.publish(mapper.writeValueAsString(Map.of("type", "latest", "rsvps", rows)));
            if (failing) {
                LOG.info("latest RSVPs query works again");
                failing = false;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // Logged once per outage, not every 5 s; clients keep the last snapshot meanwhile.
            if (!failing) {
                LOG.warn("latest RSVPs query failed; clients keep the last snapshot: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
