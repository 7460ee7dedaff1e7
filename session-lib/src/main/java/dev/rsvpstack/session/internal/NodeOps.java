package dev.rsvpstack.session.internal;

import java.util.concurrent.CompletableFuture;

/**
 * memcached operations on one node named by its ring name ({@code host:port}), whatever the locator would
 * pick for the key: for a session's backup on its heir. {@link XMemcachedSessionStore} sends them on the
 * node's connection; unit tests give a fake. Failures complete the future exceptionally, never throw.
 */
interface NodeOps {
    /** Whether the node has an open connection now. */
    boolean connected(String server);

    /** The value, or {@code null} when the node does not hold the key. */
    CompletableFuture<byte[]> get(String server, String key);

    CompletableFuture<Boolean> set(String server, String key, int exptime, byte[] value);

    /** Stores only if the node has no value under the key. */
    CompletableFuture<Boolean> add(String server, String key, int exptime, byte[] value);

    CompletableFuture<Boolean> touch(String server, String key, int exptime);

    CompletableFuture<Boolean> delete(String server, String key);
}
