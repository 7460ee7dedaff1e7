package dev.rsvpstack.session.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import com.google.code.yanf4j.core.Session;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.utils.ByteUtils;

/**
 * Non-blocking memcached operations on xmemcached's NIO connector. xmemcached's public API blocks the
 * caller until the reply arrives; that would park one server thread per request. Its commands signal
 * completion through a {@link CountDownLatch}, so each command here gets a latch that completes a
 * future instead, and the calling thread never waits. Replies complete on xmemcached's reactor
 * threads; callers must hand real work to their own threads.
 */
final class AsyncMemcached {
    private final XMemcachedClient client;
    private final CommandFactory commands;
    private final long timeoutMillis;

    AsyncMemcached(XMemcachedClient client, Duration timeout) {
        this.client = client;
        this.commands = client.getCommandFactory();
        this.timeoutMillis = timeout.toMillis();
    }

    /** The value and its CAS id, or {@code null} when the key is missing. */
    CompletableFuture<CachedData> gets(String key, RawJsonTranscoder transcoder) {
        Command command = commands.createGetCommand(key, ByteUtils.getBytes(key), CommandType.GETS_ONE, transcoder);
        return send(command, result -> (CachedData) result);
    }

    /** The value, or {@code null} when the key is missing. */
    CompletableFuture<byte[]> get(String key, RawJsonTranscoder transcoder) {
        Command command = commands.createGetCommand(key, ByteUtils.getBytes(key), CommandType.GET_ONE, transcoder);
        return send(command, result -> result == null ? null : ((CachedData) result).getData());
    }

    CompletableFuture<Boolean> set(String key, int exptime, byte[] value, RawJsonTranscoder transcoder) {
        return send(commands.createSetCommand(key, ByteUtils.getBytes(key), exptime, value, false, transcoder),
                AsyncMemcached::isTrue);
    }

    /** Stores only if nobody wrote the key since {@code cas} was read; {@code false} otherwise. */
    CompletableFuture<Boolean> cas(String key, int exptime, byte[] value, long cas, RawJsonTranscoder transcoder) {
        return send(commands.createCASCommand(key, ByteUtils.getBytes(key), exptime, value, cas, false, transcoder),
                AsyncMemcached::isTrue);
    }

    CompletableFuture<Boolean> touch(String key, int exptime) {
        return send(commands.createTouchCommand(key, ByteUtils.getBytes(key), new CountDownLatch(1), exptime, false),
                AsyncMemcached::isTrue);
    }

    CompletableFuture<Boolean> delete(String key) {
        return send(commands.createDeleteCommand(key, ByteUtils.getBytes(key), 0, 0, false), AsyncMemcached::isTrue);
    }

    /** The value on that one connection's node, or {@code null} when the key is missing there. */
    CompletableFuture<byte[]> get(Session node, String key, RawJsonTranscoder transcoder) {
        Command command = commands.createGetCommand(key, ByteUtils.getBytes(key), CommandType.GET_ONE, transcoder);
        return sendTo(node, command, result -> result == null ? null : ((CachedData) result).getData());
    }

    CompletableFuture<Boolean> set(Session node, String key, int exptime, byte[] value, RawJsonTranscoder transcoder) {
        return sendTo(node, commands.createSetCommand(key, ByteUtils.getBytes(key), exptime, value, false, transcoder),
                AsyncMemcached::isTrue);
    }

    /** Stores only if that node has no value under the key; {@code false} otherwise. */
    CompletableFuture<Boolean> add(Session node, String key, int exptime, byte[] value, RawJsonTranscoder transcoder) {
        return sendTo(node, commands.createAddCommand(key, ByteUtils.getBytes(key), exptime, value, false, transcoder),
                AsyncMemcached::isTrue);
    }

    CompletableFuture<Boolean> touch(Session node, String key, int exptime) {
        return sendTo(node, commands.createTouchCommand(key, ByteUtils.getBytes(key), new CountDownLatch(1), exptime,
                false), AsyncMemcached::isTrue);
    }

    CompletableFuture<Boolean> delete(Session node, String key) {
        return sendTo(node, commands.createDeleteCommand(key, ByteUtils.getBytes(key), 0, 0, false), AsyncMemcached::isTrue);
    }

    /** The key's node as the locator picks it. */
    private <T> CompletableFuture<T> send(Command command, Function<Object, T> result) {
        return sendTo(null, command, result);
    }

    /**
     * On {@code node}'s connection (a backup on the key's heir), or on the key's node when {@code node} is
     * {@code null}. What xmemcached's {@code MemcachedConnector.send} does after its locator chose.
     */
    private <T> CompletableFuture<T> sendTo(Session node, Command command, Function<Object, T> result) {
        CompletableFuture<T> future = new CompletableFuture<>();
        command.setLatch(new CountDownLatch(1) {
            @Override
            public void countDown() {
                super.countDown();
                Exception failure = command.getException();
                if (failure != null) {
                    future.completeExceptionally(failure);
                    return;
                }
                try {
                    future.complete(result.apply(command.getResult()));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        });
        try {
            if (client.isShutdown()) {
                throw new IllegalStateException("the memcached client is closed");
            }
            if (node == null) {
                client.getConnector().send(command);
            } else if (node.isClosed()) {
                throw new IllegalStateException("the connection to " + node.getRemoteSocketAddress() + " is closed");
            } else {
                node.write(command);
            }
        } catch (Exception e) {
            // no connection to the key's node (all down, or closed): fail now, not after the timeout
            future.completeExceptionally(e);
            return future;
        }
        return future.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static Boolean isTrue(Object result) {
        return Boolean.TRUE.equals(result);
    }
}
