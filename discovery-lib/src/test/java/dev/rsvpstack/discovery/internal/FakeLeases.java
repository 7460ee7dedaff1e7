package dev.rsvpstack.discovery.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A lease server in memory, whose keep-alive answers a test chooses. */
final class FakeLeases implements LeaseApi {
    enum KeepAlive { ACKNOWLEDGE, NEVER_ANSWER, LEASE_GONE, UNREACHABLE, CLIENT_CLOSED, HOLD }

    private final AtomicLong nextId = new AtomicLong(0x100);
    final Map<Long, Long> alive = new ConcurrentHashMap<>();
    final List<Long> granted = new CopyOnWriteArrayList<>();
    final List<Long> revoked = new CopyOnWriteArrayList<>();
    final AtomicInteger keepAlivesSent = new AtomicInteger();
    final List<String> calls;
    volatile KeepAlive keepAlive = KeepAlive.ACKNOWLEDGE;
    /** Keep-alives sent in {@link KeepAlive#HOLD} mode, for the test to answer when it likes. */
    final List<CompletableFuture<Long>> held = new CopyOnWriteArrayList<>();
    /** When set, grants wait in {@link #heldGrants} for the test to answer. */
    volatile boolean holdGrants;
    final List<CompletableFuture<Granted>> heldGrants = new CopyOnWriteArrayList<>();

    FakeLeases(List<String> calls) {
        this.calls = calls;
    }

    FakeLeases() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public CompletableFuture<Granted> grant(long ttlSeconds) {
        if (holdGrants) {
            CompletableFuture<Granted> answer = new CompletableFuture<>();
            heldGrants.add(answer);
            return answer;
        }
        long id = nextId.getAndIncrement();
        alive.put(id, ttlSeconds);
        granted.add(id);
        calls.add("grant " + Long.toHexString(id));
        return CompletableFuture.completedFuture(new Granted(id, ttlSeconds));
    }

    @Override
    public CompletableFuture<Long> keepAliveOnce(long leaseId) {
        keepAlivesSent.incrementAndGet();
        return switch (keepAlive) {
            case ACKNOWLEDGE -> CompletableFuture.completedFuture(alive.getOrDefault(leaseId, 0L));
            case NEVER_ANSWER -> new CompletableFuture<>();
            case HOLD -> {
                CompletableFuture<Long> answer = new CompletableFuture<>();
                held.add(answer);
                yield answer;
            }
            case LEASE_GONE -> {
                alive.remove(leaseId);
                yield CompletableFuture.completedFuture(0L);
            }
            case UNREACHABLE -> CompletableFuture.failedFuture(new java.io.IOException("connection refused"));
            case CLIENT_CLOSED -> CompletableFuture.failedFuture(
                    new io.etcd.jetcd.common.exception.ClosedClientException("closed"));
        };
    }

    @Override
    public CompletableFuture<Long> timeToLive(long leaseId) {
        return CompletableFuture.completedFuture(alive.getOrDefault(leaseId, -1L));
    }

    @Override
    public CompletableFuture<Void> revoke(long leaseId) {
        revoked.add(leaseId);
        calls.add("revoke " + Long.toHexString(leaseId));
        alive.remove(leaseId);
        return CompletableFuture.completedFuture(null);
    }

    long lastGranted() {
        return granted.get(granted.size() - 1);
    }
}
