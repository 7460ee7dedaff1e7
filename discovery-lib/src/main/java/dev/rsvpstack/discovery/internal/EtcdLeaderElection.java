package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import dev.rsvpstack.discovery.ServiceKeys;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LeaderElection} on etcd's election API (the server side of {@code concurrency.Election}).
 *
 * <p>The cycle: revoke leases this candidate lost (so it never queues behind its own stale key),
 * grant a lease and keep it alive ({@link LeaseKeeper}), campaign (the server answers once every older
 * key under the prefix is gone), check that the leader is really this lease (a lease lost while
 * waiting would otherwise be "elected" with no key), and lead. The keeper reports the lease lost when
 * etcd says it is gone or when no keep-alive was acknowledged for three quarters of the TTL (etcd
 * restarts and partitions end here): the leader steps down ({@link LeaderListener#revoked()}) before
 * etcd could expire the lease, then campaigns again.
 *
 * <p>All state changes run on one thread; the listener is called on a second one ({@link ListenerCalls}),
 * so a slow listener does not delay the keeper. Both are daemon threads. The file is long (about 500
 * lines) because it is one state machine (campaign, lead, lose the lease, close) whose state is
 * confined to that one thread; split over several classes, that confinement could not be read off. The
 * state machine talks to etcd only through {@link ElectionApi} and {@link LeaseApi}, and reads time only
 * from a {@link Ticker}, so
 * {@code EtcdLeaderElectionTest} runs it on fakes.
 */
public final class EtcdLeaderElection implements LeaderElection {
    /** The book's sidekick TTL: a dead leader is replaced within about 8 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(8);

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderElection.class);
    private static final String PREFIX = ServiceKeys.ELECTIONS_ROOT;
    /** Bounds every call that should answer at once; a campaign is not bounded, it waits for its turn. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final ElectionApi election;
    private final LeaseKeeper lease;
    private final Ticker ticker;
    private final long marginNanos;
    private final String name;
    private final String candidateId;
    private final String electionKey;
    private final long ttlSeconds;
    private final Duration maxRetryDelay;
    private final ScheduledExecutorService state;
    private final ListenerCalls callbacks;

    // Confined to the state thread, except the volatile ones, which other threads read.
    private long generation;
    private volatile long leaseId;
    private ElectionApi.Campaigned leaderKey;
    private final Set<Long> staleLeases = new LinkedHashSet<>();
    private int failures;
    private boolean stopped;
    /** Whether a campaign cycle is in flight (a standby's campaign waits on its member until its turn). */
    private boolean campaigning;
    private boolean interruptionLogged;
    private ScheduledFuture<?> pendingRetry;
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile LeadershipTerm term;
    private boolean suspended;

    private EtcdLeaderElection(ElectionApi election, LeaseApi leases, Ticker ticker, String name, String candidateId,
                               Duration ttl, LeaderListener listener) {
        this.election = election;
        this.ticker = ticker;
        this.name = name;
        this.candidateId = candidateId;
        this.electionKey = PREFIX + name;
        // etcd leases have whole seconds (and etcd raises a TTL below its minimum, about 2 s, silently)
        this.ttlSeconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        this.maxRetryDelay = Duration.ofSeconds(Math.min(5, ttlSeconds));
        // The same point as the keeper's step-down: holds() is the watchdog, answered synchronously.
        this.marginNanos = TimeUnit.SECONDS.toNanos(ttlSeconds) - LeaseKeeper.threeQuarters(ttlSeconds).toNanos();
        String thread = "leader-election-" + name + "-" + candidateId;
        this.state = Executors.newSingleThreadScheduledExecutor(daemon(thread));
        this.callbacks = new ListenerCalls(listener, thread + "-listener", "election " + name + " candidate "
                + candidateId);
        // etcd expires the lease TTL after it last refreshed it; stepping down at three quarters of
        // the TTL after the newest acknowledged refresh was sent leaves a quarter for the listener.
        this.lease = new LeaseKeeper(leases, state, ticker, ttlSeconds, LeaseKeeper.threeQuarters(ttlSeconds),
                CALL_TIMEOUT, new KeeperEvents());
    }

    /**
     * Enters {@code candidateId} into election {@code electionName} and campaigns in the background
     * until closed. The client stays the caller's: closing the election does not close it.
     *
     * @param ttl the lease TTL, rounded up to whole seconds; {@code null} for {@link #DEFAULT_TTL}
     * @throws IllegalArgumentException for a blank or slash-containing name, a blank id, or a TTL under 1 s
     */
    public static LeaderElection start(Client client, String electionName, String candidateId, Duration ttl,
                                       LeaderListener listener) {
        Objects.requireNonNull(client, "client");
        return start(() -> client, electionName, candidateId, ttl, listener);
    }

    /**
     * The same with the client chosen per call ({@link EtcdClients#preferred()}: a member with a
     * leader's), so that keep-alives and campaigns leave a member cut off from its peers.
     */
    public static EtcdLeaderElection start(Supplier<Client> clients, String electionName, String candidateId,
                                           Duration ttl, LeaderListener listener) {
        Objects.requireNonNull(clients, "clients");
        return start(new EtcdElectionApi(() -> clients.get().getElectionClient(), () -> clients.get().getKVClient()),
                new EtcdLeaseApi(() -> clients.get().getLeaseClient()), Ticker.SYSTEM, electionName, candidateId, ttl,
                listener);
    }

    /** The same on any election and lease API and clock: the unit tests' entry. */
    static EtcdLeaderElection start(ElectionApi election, LeaseApi leases, Ticker ticker, String electionName,
                                    String candidateId, Duration ttl, LeaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (electionName == null || electionName.isBlank() || electionName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an election needs a name without '/', not '" + electionName + "'");
        }
        if (candidateId == null || candidateId.isBlank()) {
            throw new IllegalArgumentException("election " + electionName + ": a candidate needs an id");
        }
        Duration effectiveTtl = ttl == null ? DEFAULT_TTL : ttl;
        if (effectiveTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("election " + electionName + ": the TTL must be at least 1 s, was "
                    + effectiveTtl);
        }
        EtcdLeaderElection started = new EtcdLeaderElection(election, leases, ticker, electionName, candidateId,
                effectiveTtl, listener);
        started.begin();
        return started;
    }

    @Override
    public String electionName() {
        return name;
    }

    @Override
    public String candidateId() {
        return candidateId;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public Optional<LeadershipTerm> term() {
        LeadershipTerm current = term;
        return current != null && holds(current) ? Optional.of(current) : Optional.empty();
    }

    @Override
    public boolean holds(LeadershipTerm candidate) {
        if (candidate == null || !candidate.equals(term)) {
            return false;
        }
        // the keeper forgets the lease (and answers MIN_VALUE) the moment it is lost
        long expires = lease.expiresNoEarlierThan();
        return expires != Long.MIN_VALUE && ticker.nanos() - (expires - marginNanos) < 0;
    }

    @Override
    public Duration margin() {
        return Duration.ofNanos(marginNanos);
    }

    @Override
    public String toString() {
        return "election " + name + " candidate " + candidateId + (leader ? " (leader)" : "");
    }

    private void begin() {
        LOG.info("election {}: candidate {} campaigning (lease TTL {} s)", name, candidateId, ttlSeconds);
        post(this::campaign);
    }

    // ---- the campaign cycle (state thread) ----------------------------------------------------

    private void campaign() {
        pendingRetry = null;
        if (closed || stopped) {
            return;
        }
        campaigning = true;
        long gen = generation;
        revokeStaleLeases()
                .thenComposeAsync(ignored -> ensureLease(gen), state)
                .thenComposeAsync(id -> {
                    checkCurrent(gen);
                    return election.campaign(electionKey, id, candidateId);
                }, state)
                .thenComposeAsync(won -> {
                    checkCurrent(gen);
                    // A campaign answers when the older keys are gone; make sure ours is still there.
                    return timed(election.leader(electionKey)).thenApplyAsync(current -> {
                        checkCurrent(gen);
                        if (current.leaseId() != leaseId) {
                            throw new IllegalStateException("campaign answered, but the leader is lease "
                                    + Long.toHexString(current.leaseId()) + " (" + current.value() + ")");
                        }
                        return won;
                    }, state);
                }, state)
                .thenComposeAsync(won -> {
                    checkCurrent(gen);
                    // After the campaign, from the keyspace that issued its revision: the pair fences writes.
                    return timed(election.epoch(name, UUID.randomUUID().toString()))
                            .thenApplyAsync(epoch -> new Won(won, epoch), state);
                }, state)
                .whenCompleteAsync((won, error) -> {
                    if (gen == generation) {
                        campaigning = false;
                    }
                    if (error == null) {
                        becomeLeader(gen, won.key(), won.epoch());
                    } else {
                        campaignFailed(gen, Failures.unwrap(error));
                    }
                }, state);
    }

    /**
     * An etcd member lost its leader. A standby's campaign waits on one member for the older keys to go,
     * and on a member cut off from its peers it would wait, silent, until the member rejoins, even after
     * the leader is gone: campaign again, with the same lease (the same key), on a member with a leader.
     * The abandoned answer no longer counts. A leader carries on: its keep-alives already move.
     */
    void memberLostLeader() {
        post(() -> {
            if (closed || stopped || leader || !campaigning) {
                return;
            }
            generation++;
            campaigning = false;
            LOG.info("election {}: candidate {} campaigns again, on a member with a leader", name, candidateId);
            campaign();
        });
    }

    private CompletableFuture<Void> revokeStaleLeases() {
        List<CompletableFuture<Void>> revocations = new ArrayList<>();
        for (long stale : List.copyOf(staleLeases)) {
            revocations.add(lease.revoke(stale).handleAsync((ok, error) -> {
                if (error == null) {
                    staleLeases.remove(stale);
                    return null;
                }
                throw new CompletionException("could not revoke lost lease " + Long.toHexString(stale),
                        Failures.unwrap(error));
            }, state));
        }
        return CompletableFuture.allOf(revocations.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Long> ensureLease(long gen) {
        checkCurrent(gen);
        if (leaseId != 0) {
            return CompletableFuture.completedFuture(leaseId);
        }
        return lease.grant().thenApplyAsync(id -> {
            if (gen != generation || closed) {
                staleLeases.add(lease.release()); // granted too late: revoke it on the next cycle or at close
                throw new Superseded();
            }
            leaseId = id;
            interruptionLogged = false;
            LOG.debug("election {}: candidate {} holds lease {} (TTL {} s)", name, candidateId, Long.toHexString(id),
                    ttlSeconds);
            return id;
        }, state);
    }

    /** A won campaign and the epoch of the keyspace it was won in. */
    private record Won(ElectionApi.Campaigned key, String epoch) {
    }

    private void becomeLeader(long gen, ElectionApi.Campaigned won, String epoch) {
        if (gen != generation || closed) {
            return;
        }
        failures = 0;
        leaderKey = won;
        LeadershipTerm newTerm = new LeadershipTerm(name, candidateId, won.revision(), epoch);
        term = newTerm;
        leader = true;
        suspended = false;
        LOG.info("election {}: candidate {} elected leader (lease {}, key {}, term {}, etcd epoch {})", name,
                candidateId, Long.toHexString(leaseId), won.key(), won.revision(), epoch);
        tell(l -> l.elected(newTerm), "elected()");
    }

    private void campaignFailed(long gen, Throwable error) {
        if (error instanceof Superseded || gen != generation || closed) {
            return;
        }
        if (Failures.isClientClosed(error)) {
            stop("the etcd client was closed");
            return;
        }
        if (leaseId != 0 && Failures.isLeaseGone(error)) {
            loseLease("etcd no longer knows lease " + Long.toHexString(leaseId));
            return;
        }
        Duration delay = retryDelay();
        LOG.warn("election {}: candidate {} campaign failed ({}); retrying in {} ms", name, candidateId,
                Failures.describe(error), delay.toMillis());
        scheduleCampaign(delay);
    }

    private void scheduleCampaign(Duration delay) {
        if (closed || stopped || pendingRetry != null) {
            return;
        }
        try {
            pendingRetry = state.schedule(this::campaign, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private Duration retryDelay() {
        long millis = FIRST_RETRY.toMillis() << Math.min(failures++, 10);
        return Duration.ofMillis(Math.min(millis, maxRetryDelay.toMillis()));
    }

    // ---- losing the lease (state thread) ------------------------------------------------------

    /** Every way of losing the lease ends here: step down, forget the lease, campaign again. */
    private void loseLease(String reason) {
        if (closed) {
            return;
        }
        boolean wasLeader = dropLease();
        if (wasLeader) {
            LOG.warn("election {}: candidate {} steps down: {}; campaigning again", name, candidateId, reason);
        } else {
            LOG.warn("election {}: candidate {} lost its lease while waiting: {}; campaigning again", name,
                    candidateId, reason);
        }
        scheduleCampaign(failures == 0 ? Duration.ZERO : retryDelay());
    }

    private void stop(String reason) {
        boolean wasLeader = dropLease();
        stopped = true;
        LOG.error("election {}: candidate {} stops campaigning{}: {}; close the election", name, candidateId,
                wasLeader ? " and steps down" : "", reason);
    }

    /** Forgets the lease (to be revoked later) and steps down; returns whether this was the leader. */
    private boolean dropLease() {
        generation++; // answers to anything already in flight no longer count
        boolean wasLeader = leader;
        leader = false;
        term = null;
        leaderKey = null;
        long held = lease.release();
        if (held != 0) {
            staleLeases.add(held);
        }
        if (leaseId != 0) {
            staleLeases.add(leaseId);
            leaseId = 0;
        }
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
        if (wasLeader) {
            tell(LeaderListener::revoked, "revoked()");
        }
        return wasLeader;
    }

    /** What the lease keeper reports, on the state thread. */
    private final class KeeperEvents implements LeaseKeeper.Events {
        @Override
        public void acknowledged() {
            interruptionLogged = false;
            LeadershipTerm current = term;
            if (suspended && leader && current != null) {
                suspended = false;
                LOG.info("election {}: candidate {} keep-alive acknowledged again; term {} goes on", name,
                        candidateId, current.revision());
                tell(l -> l.resumed(current), "resumed()");
            }
        }

        @Override
        public void late(long silentMillis) {
            suspend("no keep-alive acknowledged for " + silentMillis + " ms");
        }

        @Override
        public void unanswered(Throwable error) {
            suspend("a keep-alive failed (" + Failures.describe(error) + ")");
            if (!interruptionLogged && !closed) {
                // the keeper tries again; it reports the lease lost if that takes too long
                interruptionLogged = true;
                LOG.warn("election {}: candidate {} keep-alive of lease {} unanswered ({}); retrying", name,
                        candidateId, Long.toHexString(leaseId), Failures.describe(error));
            }
        }

        private void suspend(String why) {
            LeadershipTerm current = term;
            if (!suspended && leader && current != null && !closed) {
                suspended = true;
                LOG.warn("election {}: candidate {} leadership in doubt: {}; term {} lasts while holds() is true",
                        name, candidateId, why, current.revision());
                tell(l -> l.suspended(current), "suspended()");
            }
        }

        @Override
        public void lost(long lost, String reason) {
            if (lost == leaseId && !closed) {
                loseLease(reason);
            }
        }

        @Override
        public void clientClosed() {
            if (!closed) {
                stop("the etcd client was closed");
            }
        }
    }

    // ---- close --------------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean fromListener = callbacks.isListenerThread();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            state.execute(() -> closeOnState(fromListener).whenComplete((ok, error) -> done.complete(null)));
        } catch (RejectedExecutionException e) {
            done.complete(null);
        }
        try {
            done.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("election {}: candidate {} close did not finish in {}; its lease expires by itself", name,
                    candidateId, CLOSE_TIMEOUT);
        } catch (ExecutionException e) {
            LOG.warn("election {}: candidate {} close failed", name, candidateId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.shutdownNow();
        callbacks.close(CLOSE_TIMEOUT);
        LOG.info("election {}: candidate {} closed", name, candidateId);
    }

    /** Steps down first (the listener stops its work), then gives the key and the lease back. */
    private CompletableFuture<Void> closeOnState(boolean fromListener) {
        generation++;
        boolean wasLeader = leader;
        leader = false;
        term = null;
        ElectionApi.Campaigned key = leaderKey;
        leaderKey = null;
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
        }
        CompletableFuture<Void> steppedDown = wasLeader ? tell(LeaderListener::revoked, "revoked()")
                : CompletableFuture.completedFuture(null);
        if (fromListener) {
            steppedDown = CompletableFuture.completedFuture(null); // revoked() runs after the caller returns
        }
        CompletableFuture<?> resigned = steppedDown.thenCompose(ignored ->
                key == null ? CompletableFuture.completedFuture(null) : timed(election.resign(key)));
        long held = lease.release();
        List<Long> toRevoke = new ArrayList<>(staleLeases);
        if (held != 0) {
            toRevoke.add(held);
        } else if (leaseId != 0) {
            toRevoke.add(leaseId);
        }
        return resigned.handle((ok, error) -> {
            if (error != null && !Failures.isClientClosed(Failures.unwrap(error))) {
                LOG.warn("election {}: candidate {} could not resign ({}); revoking the lease instead", name,
                        candidateId, Failures.describe(error));
            }
            return null;
        }).thenCompose(ignored -> CompletableFuture.allOf(toRevoke.stream()
                .map(id -> lease.revoke(id).handle((ok, error) -> {
                    if (error != null && !Failures.isClientClosed(Failures.unwrap(error))) {
                        LOG.warn("election {}: could not revoke lease {} ({}); it expires within {} s", name,
                                Long.toHexString(id), Failures.describe(error), ttlSeconds);
                    }
                    return null;
                }))
                .toArray(CompletableFuture[]::new))).whenComplete((ok, error) -> {
                    leaseId = 0;
                    if (wasLeader) {
                        LOG.info("election {}: candidate {} resigned leadership", name, candidateId);
                    }
                });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private CompletableFuture<Void> tell(java.util.function.Consumer<LeaderListener> call, String what) {
        return callbacks.tell(call, what);
    }

    private void checkCurrent(long gen) {
        if (gen != generation || closed) {
            throw new Superseded();
        }
    }

    private void post(Runnable task) {
        try {
            state.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing left to do
        }
    }

    private static <T> CompletableFuture<T> timed(CompletableFuture<T> call) {
        return call.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An answer that arrived after the lease or the election it belonged to was given up. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super("superseded", null, false, false);
        }
    }
}
