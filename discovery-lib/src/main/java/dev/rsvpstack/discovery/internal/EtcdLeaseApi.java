package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.options.LeaseOption;
import java.util.concurrent.CompletableFuture;

/** {@link LeaseApi} on jetcd's lease client. */
final class EtcdLeaseApi implements LeaseApi {
    private final Lease leases;

    EtcdLeaseApi(Lease leases) {
        this.leases = leases;
    }

    @Override
    public CompletableFuture<Granted> grant(long ttlSeconds) {
        return leases.grant(ttlSeconds).thenApply(r -> new Granted(r.getID(), r.getTTL()));
    }

    @Override
    public CompletableFuture<Long> keepAliveOnce(long leaseId) {
        return leases.keepAliveOnce(leaseId).thenApply(r -> r.getTTL());
    }

    @Override
    public CompletableFuture<Long> timeToLive(long leaseId) {
        return leases.timeToLive(leaseId, LeaseOption.DEFAULT).thenApply(r -> r.getTTL());
    }

    @Override
    public CompletableFuture<Void> revoke(long leaseId) {
        return leases.revoke(leaseId).thenApply(r -> null);
    }
}
