package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import io.etcd.jetcd.Client;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces one instance under a lease, as the book's sidekicks did with a bash loop, but: the key
 * is claimed in a transaction (a key held by another live lease is not stolen), the lease is kept
 * alive by a {@link LeaseKeeper} without rewriting the key (so watchers see no event), a lost lease is
 * replaced and the key claimed again, and a failing health probe withdraws the key. The probe runs
 * locally; while everything is fine, the only etcd traffic is the keep-alive.
 *
 * <p>All of it runs on one thread. It talks to etcd only through {@link RegistrationKeys} and
 * {@link LeaseApi}, so {@code EtcdRegistrationTest} runs it on fakes.
 */
public final class EtcdRegistration implements Registration {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdRegistration.class);

    private final RegistrationKeys keys;
    private final RegistrationRequest request;
    private final EtcdSettings settings;
    private final Reachability reachability;
    private final Ticker ticker;
    private final ScheduledExecutorService thread;
    private final LeaseKeeper lease;
    private volatile State state = State.RETRYING;
    // confined to the thread
    private long leaseId;
    private boolean leaseLost = true;
    private long claimedCreateRevision;
    private long waitingForLease;
    private boolean withdrawPending;

    public EtcdRegistration(Supplier<Client> clients, RegistrationRequest request, EtcdSettings settings,
                            Reachability reachability) {
        this(new EtcdRegistrationKeys(() -> clients.get().getKVClient()),
                new EtcdLeaseApi(() -> clients.get().getLeaseClient()), Ticker.SYSTEM,
                request, settings, reachability);
    }

    EtcdRegistration(RegistrationKeys keys, LeaseApi leases, Ticker ticker, RegistrationRequest request,
                     EtcdSettings settings, Reachability reachability) {
        this.keys = keys;
        this.request = request;
        this.settings = settings;
        this.reachability = reachability;
        this.ticker = ticker;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-register-" + request.service() + "-" + request.instance());
            t.setDaemon(true);
            return t;
        });
        // A registration has nothing to stop before etcd expires its lease: only a whole TTL without an
        // acknowledged keep-alive makes it claim the key again.
        this.lease = new LeaseKeeper(leases, thread, ticker, request.ttl().toSeconds(), request.ttl(),
                settings.requestTimeout(), new KeeperEvents());
    }

    public EtcdRegistration start() {
        thread.scheduleWithFixedDelay(this::tick, 0, request.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public RegistrationRequest request() {
        return request;
    }

    private void tick() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (!probeHealthy()) {
                withdrawPending |= state == State.REGISTERED;
                // the state first: whoever sees the key go sees why
                transition(State.PROBE_FAILING, "the health probe fails; key withdrawn until it passes");
                if (withdrawPending) {
                    withdraw();
                    withdrawPending = false; // a failed withdrawal is tried again on the next probe
                }
                return;
            }
            if (leaseLost) {
                renewLease();
            }
            if (state != State.REGISTERED) {
                claim();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            reachability.failed("registering " + request.key(), Failures.unwrap(e));
            transition(State.RETRYING, "etcd did not answer (" + Failures.describe(e) + "); retrying");
        }
    }

    private boolean probeHealthy() {
        try {
            return request.probe().healthy();
        } catch (RuntimeException e) {
            LOG.debug("health probe of {} threw", request.key(), e);
            return false;
        }
    }

    /** Keeps the old lease if etcd still has it (an etcd restart keeps leases), else grants a new one. */
    private void renewLease() throws Exception {
        lease.release();
        long timeout = settings.requestTimeout().toMillis();
        long sent = ticker.nanos();
        long remaining = leaseId == 0 ? 0 : lease.timeToLive(leaseId).get(timeout, TimeUnit.MILLISECONDS);
        if (remaining > 0) {
            LOG.info("lease {} of {} is still alive; keeping it", Long.toHexString(leaseId), request.key());
            lease.adopt(leaseId, remaining, sent);
        } else {
            long previous = leaseId;
            leaseId = lease.grant().get(timeout, TimeUnit.MILLISECONDS);
            if (previous != 0) {
                LOG.warn("lease {} of {} was lost; granted lease {}", Long.toHexString(previous), request.key(),
                        Long.toHexString(leaseId));
                state = State.RETRYING; // the key went with the old lease
            }
        }
        reachability.answered();
        leaseLost = false;
    }

    private void claim() throws Exception {
        RegistrationKeys.Claim claim = keys.claim(request.key(), request.address(), leaseId)
                .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        reachability.answered();
        if (claim.succeeded()) {
            claimedCreateRevision = claim.createRevision();
            transition(State.REGISTERED, "registered " + request.key() + " = " + request.address() + " under lease "
                    + Long.toHexString(leaseId) + " (TTL " + request.ttl().toSeconds() + " s)");
        } else if (claim.holderLease() == 0 && claim.holderValue().isEmpty()) {
            LOG.debug("{} vanished while claiming it; claiming again on the next probe", request.key());
        } else if (claim.holderLease() == leaseId) {
            claimedCreateRevision = claim.createRevision();
            transition(State.REGISTERED, "registered " + request.key() + " (already held by our lease)");
        } else if (waitingForLease != claim.holderLease() || state != State.WAITING_FOR_KEY) {
            waitingForLease = claim.holderLease();
            transition(State.WAITING_FOR_KEY, request.key() + " is held by another live lease ("
                    + Long.toHexString(claim.holderLease()) + ", value '" + claim.holderValue()
                    + "'); waiting for it to expire rather than stealing it");
        }
    }

    /** Deletes the key only if it is still the one we created. */
    private void withdraw() throws Exception {
        keys.withdraw(request.key(), claimedCreateRevision).get(settings.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void transition(State next, String message) {
        State previous = state;
        state = next;
        if (previous != next || next == State.WAITING_FOR_KEY) {
            if (next == State.REGISTERED) {
                LOG.info(message);
            } else {
                LOG.warn(message);
            }
        }
    }

    @Override
    public void close() {
        if (thread.isShutdown()) {
            return; // closed by its owner and again by the discovery that made it
        }
        thread.execute(() -> {
            state = State.CLOSED;
            long held = lease.release();
            long toRevoke = held != 0 ? held : leaseId;
            if (toRevoke != 0) {
                try {
                    // Revoking deletes the key at once: watchers see REMOVED now, not after the TTL.
                    lease.revoke(toRevoke).get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("deregistered {}", request.key());
                } catch (Exception e) {
                    LOG.warn("could not revoke the lease of {} ({}); it expires within {} s", request.key(),
                            Failures.describe(e), request.ttl().toSeconds());
                }
            }
        });
        thread.shutdown();
        try {
            thread.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the lease keeper reports, on the registration's thread. */
    private final class KeeperEvents implements LeaseKeeper.Events {
        @Override
        public void acknowledged() {
            reachability.answered();
        }

        @Override
        public void unanswered(Throwable error) {
            reachability.failed("keeping lease " + Long.toHexString(leaseId) + " alive", error);
        }

        @Override
        public void lost(long lost, String reason) {
            if (lost == leaseId && state != State.CLOSED) {
                LOG.warn("lease {} of {} is lost ({}); re-registering", Long.toHexString(lost), request.key(), reason);
                leaseLost = true;
                state = State.RETRYING;
                tick();
            }
        }

        @Override
        public void clientClosed() {
            LOG.debug("the etcd client of {} was closed", request.key());
        }
    }
}
