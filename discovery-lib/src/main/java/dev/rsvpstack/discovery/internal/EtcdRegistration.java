package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces one instance under a lease, as the book's sidekicks did with a bash loop, but: the key
 * is claimed in a transaction (a key held by another live lease is not stolen), the lease is kept
 * alive by jetcd at TTL/3 without rewriting the key (so watchers see no event), a lost lease is
 * replaced and the key claimed again, and a failing health probe withdraws the key. The probe runs
 * locally; while everything is fine, the only etcd traffic is the keep-alive.
 */
public final class EtcdRegistration implements Registration {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdRegistration.class);

    private final Client client;
    private final RegistrationRequest request;
    private final EtcdSettings settings;
    private final Reachability reachability;
    private final ByteSequence key;
    private final ByteSequence value;
    private final ScheduledExecutorService thread;
    private volatile State state = State.RETRYING;
    private long leaseId;
    private boolean leaseLost = true;
    private long claimedCreateRevision;
    private CloseableClient keepAlive;
    private long waitingForLease;

    public EtcdRegistration(Client client, RegistrationRequest request, EtcdSettings settings,
                            Reachability reachability) {
        this.client = client;
        this.request = request;
        this.settings = settings;
        this.reachability = reachability;
        this.key = Bytes.of(request.key());
        this.value = Bytes.of(request.address());
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "discovery-register-" + request.service() + "-" + request.instance());
            t.setDaemon(true);
            return t;
        });
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
                if (state == State.REGISTERED) {
                    withdraw();
                }
                transition(State.PROBE_FAILING, "the health probe fails; key withdrawn until it passes");
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
            reachability.failed("registering " + request.key(), e);
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
        if (keepAlive != null) {
            keepAlive.close();
            keepAlive = null;
        }
        long timeout = settings.requestTimeout().toMillis();
        if (leaseId != 0 && client.getLeaseClient().timeToLive(leaseId, LeaseOption.DEFAULT)
                .get(timeout, TimeUnit.MILLISECONDS).getTTL() > 0) {
            LOG.info("lease {} of {} is still alive; keeping it", Long.toHexString(leaseId), request.key());
        } else {
            long previous = leaseId;
            leaseId = client.getLeaseClient().grant(request.ttl().toSeconds()).get(timeout, TimeUnit.MILLISECONDS).getID();
            if (previous != 0) {
                LOG.warn("lease {} of {} was lost; granted lease {}", Long.toHexString(previous), request.key(),
                        Long.toHexString(leaseId));
                state = State.RETRYING; // the key went with the old lease
            }
        }
        reachability.answered();
        keepAlive = client.getLeaseClient().keepAlive(leaseId, new LeaseObserver(leaseId));
        leaseLost = false;
    }

    private void claim() throws Exception {
        TxnResponse response = client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, value, PutOption.builder().withLeaseId(leaseId).build()))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        reachability.answered();
        if (response.isSucceeded()) {
            claimedCreateRevision = response.getHeader().getRevision();
            transition(State.REGISTERED, "registered " + request.key() + " = " + request.address() + " under lease "
                    + Long.toHexString(leaseId) + " (TTL " + request.ttl().toSeconds() + " s)");
            return;
        }
        KeyValue holder = response.getGetResponses().get(0).getKvs().get(0);
        if (holder.getLease() == leaseId) {
            claimedCreateRevision = holder.getCreateRevision();
            transition(State.REGISTERED, "registered " + request.key() + " (already held by our lease)");
        } else if (waitingForLease != holder.getLease() || state != State.WAITING_FOR_KEY) {
            waitingForLease = holder.getLease();
            transition(State.WAITING_FOR_KEY, request.key() + " is held by another live lease ("
                    + Long.toHexString(holder.getLease()) + ", value '" + Bytes.text(holder.getValue())
                    + "'); waiting for it to expire rather than stealing it");
        }
    }

    /** Deletes the key only if it is still the one we created. */
    private void withdraw() throws Exception {
        client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(claimedCreateRevision)))
                .Then(Op.delete(key, DeleteOption.DEFAULT))
                .commit().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
            if (keepAlive != null) {
                keepAlive.close();
            }
            if (leaseId != 0) {
                try {
                    // Revoking deletes the key at once: watchers see REMOVED now, not after the TTL.
                    client.getLeaseClient().revoke(leaseId).get(settings.requestTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
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

    /** jetcd retries a broken keep-alive stream itself; only a lease that is gone needs us. */
    private final class LeaseObserver implements StreamObserver<LeaseKeepAliveResponse> {
        private final long observedLease;

        LeaseObserver(long observedLease) {
            this.observedLease = observedLease;
        }

        @Override
        public void onNext(LeaseKeepAliveResponse response) {
            reachability.answered();
        }

        @Override
        public void onError(Throwable error) {
            Throwable cause = Failures.unwrap(error);
            if (cause instanceof EtcdException etcd && etcd.getMessage() != null
                    && etcd.getMessage().contains("lease not found")) {
                leaseGone("etcd no longer has it");
            } else {
                reachability.failed("keeping lease " + Long.toHexString(observedLease) + " alive", cause);
            }
        }

        @Override
        public void onCompleted() {
            leaseGone("no keep-alive answer within the TTL");
        }

        private void leaseGone(String why) {
            thread.execute(() -> {
                if (observedLease == leaseId && state != State.CLOSED) {
                    LOG.warn("lease {} of {} is lost ({}); re-registering", Long.toHexString(observedLease),
                            request.key(), why);
                    leaseLost = true;
                    state = State.RETRYING;
                    tick();
                }
            });
        }
    }
}
