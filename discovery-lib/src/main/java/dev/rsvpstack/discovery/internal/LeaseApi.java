package dev.rsvpstack.discovery.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The four lease calls the {@link LeaseKeeper} needs, so that the keeper and the state machines
 * above it can be tested on a fake (the real one is {@link EtcdLeaseApi}).
 */
interface LeaseApi {
    /** Grants a lease; answers with its id and the TTL etcd gave it (etcd may raise a small TTL). */
    CompletableFuture<Granted> grant(long ttlSeconds);

    /**
     * Refreshes a lease once; answers with the TTL etcd set, which is 0 or less when etcd no longer
     * knows the lease.
     */
    CompletableFuture<Long> keepAliveOnce(long leaseId);

    /** The lease's remaining TTL in seconds, 0 or less when it is gone. */
    CompletableFuture<Long> timeToLive(long leaseId);

    CompletableFuture<Void> revoke(long leaseId);

    record Granted(long id, long ttlSeconds) {
    }
}
