package dev.rsvpstack.discovery.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds one etcd lease at a time for a registration or an election: grants it, keeps it alive and
 * tells its owner when it is lost. This is the only lease code in the library.
 *
 * <p>The keeper sends its own keep-alives ({@code keepAliveOnce} every third of the TTL) instead of
 * jetcd's stream, because it must know when each refresh was <em>sent</em>: etcd refreshed the lease
 * after that instant, so the lease lives at least until send time + TTL by etcd's clock, whatever the
 * network did to the answer ({@link #expiresNoEarlierThan()}). Everything is timed on a monotonic
 * {@link Ticker}.
 *
 * <p>The lease counts as lost (once, through {@link Events#lost}) when etcd says it is gone (a
 * keep-alive answered with TTL 0, or a "not found" error, as told by {@link Failures#isLeaseGone}),
 * or when no keep-alive sent within {@code lostAfter} was acknowledged. An election passes three
 * quarters of the TTL, so its leader steps down before etcd can expire the lease; a registration
 * passes the whole TTL. Events run on the owner's executor, one at a time; state is guarded here,
 * so an owner may also block on {@link #grant()} from its own thread.
 */
final class LeaseKeeper {
    /** What the owner hears, always on its own executor. */
    interface Events {
        /** etcd acknowledged a keep-alive. */
        void acknowledged();

        /** A keep-alive failed, but the lease may still live: etcd did not answer. */
        void unanswered(Throwable error);

        /** Half the TTL passed without an acknowledged keep-alive (once, until the next acknowledgement). */
        default void late(long silentMillis) {
        }

        /** The lease is gone or may be; the keeper has already forgotten it. */
        void lost(long leaseId, String reason);

        /** The etcd client was closed: nothing will answer again. */
        void clientClosed();
    }

    private final LeaseApi api;
    private final ScheduledExecutorService owner;
    private final Ticker ticker;
    private final long ttlSeconds;
    private final long lostAfterNanos;
    private final Duration callTimeout;
    private final Events events;

    // guarded by this
    private long generation;
    private long leaseId;
    private long grantedTtlNanos;
    private long ackedSentNanos;
    private long nextKeepAliveNanos;
    private boolean inFlight;
    private boolean lateReported;
    private ScheduledFuture<?> ticks;

    /**
     * @param lostAfter   how long without an acknowledged keep-alive (counted from its sending) the lease
     *                    counts as lost
     * @param callTimeout the bound of a grant, a revoke or a time-to-live call
     */
    LeaseKeeper(LeaseApi api, ScheduledExecutorService owner, Ticker ticker, long ttlSeconds, Duration lostAfter,
                Duration callTimeout, Events events) {
        this.api = api;
        this.owner = owner;
        this.ticker = ticker;
        this.ttlSeconds = ttlSeconds;
        this.lostAfterNanos = lostAfter.toNanos();
        this.callTimeout = callTimeout;
        this.events = events;
    }

    /** Three quarters of a TTL: the election's step-down point. */
    static Duration threeQuarters(long ttlSeconds) {
        long ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
        return Duration.ofNanos(ttlNanos - ttlNanos / 4);
    }

    long ttlSeconds() {
        return ttlSeconds;
    }

    /** The lease held now, 0 for none. */
    synchronized long leaseId() {
        return leaseId;
    }

    /**
     * The monotonic instant ({@link Ticker} nanos) before which etcd cannot have expired the lease held
     * now: the sending of the newest acknowledged refresh plus the TTL etcd gave. {@code Long.MIN_VALUE}
     * when no lease is held.
     */
    synchronized long expiresNoEarlierThan() {
        return leaseId == 0 ? Long.MIN_VALUE : ackedSentNanos + grantedTtlNanos;
    }

    /** Grants a new lease (forgetting any held one, which the caller should have released) and keeps it alive. */
    CompletableFuture<Long> grant() {
        long sent = ticker.nanos();
        long gen;
        synchronized (this) {
            gen = generation;
        }
        return timed(api.grant(ttlSeconds)).thenApply(granted -> {
            synchronized (this) {
                if (gen != generation) {
                    // released while the grant was in flight: nobody wants this lease
                    revoke(granted.id());
                    throw new IllegalStateException("lease " + Long.toHexString(granted.id())
                            + " granted after the keeper was released");
                }
                hold(granted.id(), granted.ttlSeconds(), sent);
                return granted.id();
            }
        });
    }

    /**
     * Keeps alive a lease that etcd said (in an answer to a call sent at {@code sentNanos}) has
     * {@code remainingSeconds} left.
     */
    synchronized void adopt(long id, long remainingSeconds, long sentNanos) {
        hold(id, remainingSeconds, sentNanos);
    }

    private void hold(long id, long ttl, long sentNanos) {
        stopTicks();
        generation++;
        leaseId = id;
        grantedTtlNanos = TimeUnit.SECONDS.toNanos(ttl > 0 ? ttl : ttlSeconds);
        ackedSentNanos = sentNanos;
        nextKeepAliveNanos = sentNanos + keepAliveIntervalNanos();
        inFlight = false;
        lateReported = false;
        long period = Math.max(50, Math.min(250, TimeUnit.SECONDS.toMillis(ttlSeconds) / 8));
        try {
            ticks = owner.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the owner is closing
        }
    }

    /** Stops keeping the lease alive and forgets it; returns its id (0 for none) for the caller to revoke. */
    synchronized long release() {
        stopTicks();
        generation++;
        long id = leaseId;
        leaseId = 0;
        inFlight = false;
        return id;
    }

    /** Revokes a lease; a lease etcd no longer knows counts as revoked. */
    CompletableFuture<Void> revoke(long id) {
        return timed(api.revoke(id)).handle((ok, error) -> {
            if (error != null && !Failures.isLeaseGone(Failures.unwrap(error))) {
                throw new java.util.concurrent.CompletionException(Failures.unwrap(error));
            }
            return null;
        });
    }

    /** The remaining TTL of a lease, 0 or less when etcd no longer has it. */
    CompletableFuture<Long> timeToLive(long id) {
        return timed(api.timeToLive(id));
    }

    private void stopTicks() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    private long keepAliveIntervalNanos() {
        return TimeUnit.SECONDS.toNanos(ttlSeconds) / 3;
    }

    /** Runs on the owner's executor: declares the lease lost when silent too long, else refreshes it when due. */
    private void tick() {
        try {
            long now = ticker.nanos();
            long lost;
            String reason;
            synchronized (this) {
                if (leaseId == 0) {
                    return;
                }
                long silent = now - ackedSentNanos;
                if (silent <= lostAfterNanos) {
                    if (!inFlight && now - nextKeepAliveNanos >= 0) {
                        sendKeepAlive(now);
                    }
                    if (!lateReported && silent > TimeUnit.SECONDS.toNanos(ttlSeconds) / 2) {
                        lateReported = true;
                        long millis = TimeUnit.NANOSECONDS.toMillis(silent);
                        post(() -> events.late(millis));
                    }
                    return;
                }
                lost = release();
                reason = "no keep-alive acknowledged for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms of a "
                        + ttlSeconds + " s lease; etcd may expire it";
            }
            events.lost(lost, reason);
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: the keeper must survive its owner's bugs
            org.slf4j.LoggerFactory.getLogger(LeaseKeeper.class).error("lease keeper tick failed", e);
        }
    }

    private void sendKeepAlive(long sent) {
        inFlight = true;
        long gen = generation;
        long id = leaseId;
        long bound = Math.max(500, TimeUnit.NANOSECONDS.toMillis(keepAliveIntervalNanos()));
        api.keepAliveOnce(id).orTimeout(bound, TimeUnit.MILLISECONDS).whenComplete((ttl, error) -> {
            Runnable event;
            synchronized (this) {
                if (gen != generation) {
                    return; // an answer for a lease released meanwhile
                }
                inFlight = false;
                Throwable cause = error == null ? null : Failures.unwrap(error);
                if (cause == null && ttl > 0) {
                    ackedSentNanos = sent;
                    grantedTtlNanos = TimeUnit.SECONDS.toNanos(ttl);
                    nextKeepAliveNanos = sent + keepAliveIntervalNanos();
                    lateReported = false;
                    event = events::acknowledged;
                } else if (cause == null || Failures.isLeaseGone(cause)) {
                    release();
                    event = () -> events.lost(id, "etcd no longer knows lease " + Long.toHexString(id)
                            + " (expired or revoked)");
                } else if (Failures.isClientClosed(cause)) {
                    release();
                    event = events::clientClosed;
                } else {
                    // try again soon rather than at the next third of the TTL
                    nextKeepAliveNanos = ticker.nanos() + Math.min(keepAliveIntervalNanos(),
                            TimeUnit.MILLISECONDS.toNanos(500));
                    event = () -> events.unanswered(cause);
                }
            }
            post(event);
        });
    }

    private void post(Runnable event) {
        try {
            ((Executor) owner).execute(event);
        } catch (RejectedExecutionException e) {
            // the owner is closed
        }
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> call) {
        return call.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
