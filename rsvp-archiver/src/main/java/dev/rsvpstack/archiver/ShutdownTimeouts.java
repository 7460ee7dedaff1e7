package dev.rsvpstack.archiver;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * How long each step of the archiver's shutdown may take. A step that waits on a server (Couchbase,
 * etcd) is given up when its time is over, logged once with what was given up, and the next step runs;
 * so a SIGTERM ends the process within {@link #bound()} even when etcd and Couchbase are both gone.
 * The default bound, 8 s, is below the 10 s that {@code docker stop} waits before SIGKILL.
 *
 * @param inFlight   how long the archiver waits for upserts in flight; the rest are replayed from the stream
 *                   at the next start (the checkpoint never passed them)
 * @param checkpoint how long the last checkpoint save to Couchbase may take; the local checkpoint is saved
 *                   either way
 * @param election   how long resigning the leadership and revoking its lease may take; if given up, the lease
 *                   expires by itself within the leader TTL and a standby takes over then
 * @param couchbase  how long the Couchbase SDK's disconnect may take
 * @param etcd       how long closing the etcd client may take (the launcher's step: it owns the client)
 */
public record ShutdownTimeouts(Duration inFlight, Duration checkpoint, Duration election, Duration couchbase,
                               Duration etcd) {
    /** For steps that wait on nothing remote (the status server, the scheduled work) and the JVM's exit. */
    public static final Duration LOCAL_STEPS = Duration.ofMillis(500);

    /** 2 s + 1.5 s + 1.5 s + 1.5 s + 1 s of steps, plus {@link #LOCAL_STEPS}: a bound of 8 s. */
    public static final ShutdownTimeouts DEFAULTS = new ShutdownTimeouts(Duration.ofSeconds(2),
            Duration.ofMillis(1_500), Duration.ofMillis(1_500), Duration.ofMillis(1_500), Duration.ofSeconds(1));

    public ShutdownTimeouts {
        positive(inFlight, "inFlight");
        positive(checkpoint, "checkpoint");
        positive(election, "election");
        positive(couchbase, "couchbase");
        positive(etcd, "etcd");
    }

    /**
     * The archiver's own stop: it waits {@link #inFlight()} and {@link #checkpoint()} itself; the rest
     * (closing the stream's socket) is local, so {@link #LOCAL_STEPS} more is a last resort only.
     */
    public Duration archiver() {
        return inFlight.plus(checkpoint).plus(LOCAL_STEPS);
    }

    /** The longest a shutdown takes: every step's timeout, plus {@link #LOCAL_STEPS}. */
    public Duration bound() {
        return Stream.of(inFlight, checkpoint, election, couchbase, etcd).reduce(LOCAL_STEPS, Duration::plus);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout " + name + " must be positive, was " + value);
        }
    }
}
