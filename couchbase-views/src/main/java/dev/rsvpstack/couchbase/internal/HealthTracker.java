package dev.rsvpstack.couchbase.internal;

import dev.rsvpstack.couchbase.ViewHealth;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/** The last outcome of the queries: ok since, or failing since (the first failure of a run) and why (the latest). */
public final class HealthTracker {
    private final Clock clock;
    private final AtomicReference<ViewHealth> health = new AtomicReference<>(ViewHealth.NO_QUERY_YET);

    public HealthTracker(Clock clock) {
        this.clock = clock;
    }

    public void succeeded() {
        health.updateAndGet(h -> h.isOk() ? h : new ViewHealth(ViewHealth.State.OK, clock.instant(), null));
    }

    public void failed(String reason) {
        health.updateAndGet(h -> new ViewHealth(ViewHealth.State.FAILING,
                h.state() == ViewHealth.State.FAILING ? h.since() : clock.instant(), reason));
    }

    public ViewHealth current() {
        return health.get();
    }
}
