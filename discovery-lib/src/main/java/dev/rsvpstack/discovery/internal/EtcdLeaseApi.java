package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.LeaseOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link LeaseApi} on jetcd's lease client. */
final class EtcdLeaseApi implements LeaseApi {
    private final Supplier<Lease> leases;

    /** @param leases the lease client for the next call (a member with a leader's) */
    EtcdLeaseApi(Supplier<Lease> leases) {
        this.leases = leases;
    }

    @Override
    public CompletableFuture<Granted> grant(long ttlSeconds) {
        return leases.get().grant(ttlSeconds).thenApply(r -> new Granted(r.getID(), r.getTTL()));
    }

    @Override
    public CompletableFuture<Long> keepAliveOnce(long leaseId) {
        return leases.get().keepAliveOnce(leaseId).thenApply(r -> r.getTTL());
    }

    @Override
    public CompletableFuture<Long> timeToLive(long leaseId) {
        return leases.get().timeToLive(leaseId, LeaseOption.DEFAULT).thenApply(r -> r.getTTL());
    }

    @Override
    public CompletableFuture<Void> revoke(long leaseId) {
        return leases.get().revoke(leaseId).thenApply(r -> null);
    }
}
