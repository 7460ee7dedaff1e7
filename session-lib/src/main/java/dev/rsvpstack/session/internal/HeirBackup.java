package dev.rsvpstack.session.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's second copy, on its heir ({@link HeirPlacement#heir}), and the reads that use it. The store
 * does the primary operation as before and calls this after it:
 * <ul>
 *   <li>a stored write is copied to the heir with the same expiry, without anyone waiting for it;</li>
 *   <li>a refresh ({@code touch}) is sent to the heir too, so both copies expire together; a heir without
 *       a copy (the session was written by Node) gets one then;</li>
 *   <li>a read whose node failed or timed out asks the heir once (bounded by the operation timeout);</li>
 *   <li>a read that missed on a key that moved to a newly added node asks the previous owner once, and
 *       copies what it finds to the new owner, so the next read (Java's or Node's) finds it there;</li>
 *   <li>a delete removes the heir's copy (and the previous owner's) too.</li>
 * </ul>
 * {@code routed} is the server the primary operation went to: the heir itself while the primary has no
 * connection, and then there is no second copy to make. Backup failures are counted, logged (at most a line
 * per 10 s) and never fail the primary operation.
 */
final class HeirBackup {
    private static final Logger LOG = LoggerFactory.getLogger(HeirBackup.class);

    private final Supplier<HeirPlacement> placement;
    private final NodeOps nodes;
    private final ToIntFunction<byte[]> copyExpiry;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final ThrottledLog failureLog = new ThrottledLog(LOG, 10_000);

    /** @param copyExpiry the expiry for a record copied to its new owner by a read-through */
    HeirBackup(Supplier<HeirPlacement> placement, NodeOps nodes, ToIntFunction<byte[]> copyExpiry) {
        this.placement = placement;
        this.nodes = nodes;
        this.copyExpiry = copyExpiry;
    }

    /** What a read returns once its primary answered {@code value} or failed with {@code failure}. */
    CompletableFuture<byte[]> afterRead(String key, String routed, byte[] value, Throwable failure) {
        HeirPlacement now = placement.get();
        if (failure != null) {
            String heir = now.heir(key);
            if (heir == null || heir.equals(routed) || !nodes.connected(heir)) {
                return CompletableFuture.failedFuture(failure);
            }
            reads.increment();
            return nodes.get(heir, key).handle((found, heirFailure) -> {
                if (heirFailure != null) {
                    counted("read", heir, key, heirFailure);
                    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                }
                return found;
            });
        }
        if (value != null) {
            return CompletableFuture.completedFuture(value);
        }
        String previous = now.previousOwner(key);
        if (previous == null || previous.equals(routed) || !nodes.connected(previous)) {
            return CompletableFuture.completedFuture(null);
        }
        reads.increment();
        return nodes.get(previous, key).handle((found, readFailure) -> {
            if (readFailure != null) {
                counted("read through", previous, key, readFailure);
            }
            return readFailure == null ? found : null;
        }).thenCompose(found -> {
            if (found == null || routed == null) {
                return CompletableFuture.completedFuture(found);
            }
            // add, not set: a write that reached the new owner meanwhile is newer than this copy
            writes.increment();
            return nodes.add(routed, key, copyExpiry.applyAsInt(found), found).handle((added, addFailure) -> {
                if (addFailure != null) {
                    counted("copy", routed, key, addFailure);
                }
                return found;
            });
        });
    }

    /** Copies a stored write to the heir; the future completes when the heir answered (or failed). */
    CompletableFuture<Void> afterWrite(String key, String routed, int exptime, byte[] value) {
        String heir = target(key, routed);
        if (heir == null) {
            return CompletableFuture.completedFuture(null);
        }
        return send("write", heir, key, () -> nodes.set(heir, key, exptime, value));
    }

    /**
     * Refreshes the heir's copy with the primary's; a heir that has no copy (a session written by Node, or
     * before the backup was on) gets one from the primary, so a session this side serves is backed up.
     */
    CompletableFuture<Void> afterTouch(String key, String routed, int exptime) {
        String heir = target(key, routed);
        if (heir == null) {
            return CompletableFuture.completedFuture(null);
        }
        writes.increment();
        if (!nodes.connected(heir)) {
            counted("touch", heir, key, new IllegalStateException("no connection to " + heir));
            return CompletableFuture.completedFuture(null);
        }
        return nodes.touch(heir, key, exptime).thenCompose(touched -> {
            if (touched || routed == null) {
                return CompletableFuture.completedFuture(null);
            }
            return nodes.get(routed, key).thenCompose(value -> value == null ? CompletableFuture.completedFuture(null)
                    : send("copy", heir, key, () -> nodes.add(heir, key, exptime, value)));
        }).handle((done, failure) -> {
            if (failure != null) {
                counted("touch", heir, key, failure);
            }
            return null;
        });
    }

    /** Deletes the other copies: the heir's, and the previous owner's after a node joined. */
    CompletableFuture<Void> delete(String key, String routed) {
        HeirPlacement now = placement.get();
        Set<String> others = new LinkedHashSet<>();
        others.add(now.heir(key));
        others.add(now.previousOwner(key));
        others.remove(null);
        others.remove(routed);
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (String server : others) {
            deletes.add(send("delete", server, key, () -> nodes.delete(server, key)));
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    }

    long reads() {
        return reads.sum();
    }

    long writes() {
        return writes.sum();
    }

    long failures() {
        return failures.sum();
    }

    private String target(String key, String routed) {
        String heir = placement.get().heir(key);
        return heir == null || heir.equals(routed) ? null : heir;
    }

    private CompletableFuture<Void> send(String what, String server, String key,
            Supplier<CompletableFuture<Boolean>> operation) {
        writes.increment();
        if (!nodes.connected(server)) {
            counted(what, server, key, new IllegalStateException("no connection to " + server));
            return CompletableFuture.completedFuture(null);
        }
        return operation.get().handle((done, failure) -> {
            if (failure != null) {
                counted(what, server, key, failure);
            }
            return null;
        });
    }

    private void counted(String what, String server, String key, Throwable failure) {
        failures.increment();
        failureLog.warn("a session's " + what + " on its heir " + server + " failed", "key " + key, failure);
    }
}
