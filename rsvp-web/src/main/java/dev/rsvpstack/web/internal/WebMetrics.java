package dev.rsvpstack.web.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Every meter of the web tier, named once here (Prometheus turns {@code rsvp.web.polls} into
 * {@code rsvp_web_polls_total}). The README lists them.
 */
public final class WebMetrics {
    public final Counter pollsChanged;
    public final Counter pollsUnchanged;
    public final Counter pollsFailed;
    public final Timer pollDuration;
    public final Counter pushes;
    public final Counter messagesSent;
    public final Counter sendFailures;
    public final Counter rejectedOrigin;
    public final Counter rejectedCapacity;
    public final Counter disconnectedSlow;
    public final Counter disconnectedHeartbeat;
    public final Counter framesIgnored;
    public final Counter framesRejected;
    public final Counter framesOversized;
    public final Counter requestsAfterLeaving;

    public WebMetrics(MeterRegistry registry, Supplier<Number> clients, Supplier<Number> stale) {
        pollsChanged = Counter.builder("rsvp.web.polls").tag("outcome", "changed")
                .description("Polls of Couchbase, by outcome").register(registry);
        pollsUnchanged = Counter.builder("rsvp.web.polls").tag("outcome", "unchanged")
                .description("Polls of Couchbase, by outcome").register(registry);
        pollsFailed = Counter.builder("rsvp.web.polls").tag("outcome", "failed")
                .description("Polls of Couchbase, by outcome").register(registry);
        pollDuration = Timer.builder("rsvp.web.poll.duration").description("Time one poll of Couchbase took")
                .register(registry);
        pushes = Counter.builder("rsvp.web.pushes").description("Snapshots pushed to every client (on change)")
                .register(registry);
        messagesSent = Counter.builder("rsvp.web.socket.messages.sent").description("Messages queued to clients")
                .register(registry);
        sendFailures = Counter.builder("rsvp.web.socket.send.failures").description("Messages a client did not get")
                .register(registry);
        rejectedOrigin = Counter.builder("rsvp.web.socket.rejected").tag("reason", "origin")
                .description("WebSocket upgrades refused, by reason").register(registry);
        rejectedCapacity = Counter.builder("rsvp.web.socket.rejected").tag("reason", "capacity")
                .description("WebSocket upgrades refused, by reason").register(registry);
        disconnectedSlow = Counter.builder("rsvp.web.socket.disconnected").tag("reason", "slow")
                .description("Clients the server disconnected, by reason").register(registry);
        disconnectedHeartbeat = Counter.builder("rsvp.web.socket.disconnected").tag("reason", "heartbeat")
                .description("Clients the server disconnected, by reason").register(registry);
        framesIgnored = Counter.builder("rsvp.web.socket.frames.invalid").tag("action", "ignored")
                .description("Inbound frames the protocol does not have, by what was done").register(registry);
        framesRejected = Counter.builder("rsvp.web.socket.frames.invalid").tag("action", "closed")
                .description("Inbound frames the protocol does not have, by what was done").register(registry);
        framesOversized = Counter.builder("rsvp.web.socket.frames.invalid").tag("action", "too-big")
                .description("Inbound frames the protocol does not have, by what was done").register(registry);
        requestsAfterLeaving = Counter.builder("rsvp.web.requests.after.leaving")
                .description("Requests (probes excepted) received after this instance withdrew its registration "
                        + "while draining; the load balancer should have sent none").register(registry);
        // Strong references: the suppliers are lambdas nothing else holds, and a weak gauge would read NaN.
        Gauge.builder("rsvp.web.socket.clients", clients, s -> s.get().doubleValue())
                .description("WebSocket clients connected now").strongReference(true).register(registry);
        Gauge.builder("rsvp.web.snapshot.stale", stale, s -> s.get().doubleValue())
                .description("1 while the last Couchbase query failed and clients see stale data").strongReference(true)
                .register(registry);
    }
}
