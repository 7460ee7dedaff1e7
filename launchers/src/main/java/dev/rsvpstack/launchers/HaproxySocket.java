package dev.rsvpstack.launchers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One command to HAProxy's Runtime API: connect to the stats socket, send the line, read the answer
 * until HAProxy closes the connection (its non-interactive mode). A port so that {@link HaproxyRuntime}
 * has unit tests against a fake.
 */
@FunctionalInterface
interface HaproxySocket {
    /**
     * @return HAProxy's answer, as sent
     * @throws IOException when the socket is missing, refuses, or does not answer within the timeout
     */
    String send(String command) throws IOException;

    /** The real socket at {@code path}; each command on a new connection, bounded by {@code timeout}. */
    static HaproxySocket unix(Path path, Duration timeout) {
        return command -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                 Selector selector = Selector.open()) {
                channel.connect(UnixDomainSocketAddress.of(path)); // local: connects or fails at once
                channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new IOException("HAProxy did not answer '" + command + "' within " + timeout.toMillis()
                                + " ms on " + path);
                    }
                    selector.select(left);
                    selector.selectedKeys().clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        return answer.toString(StandardCharsets.UTF_8);
                    }
                    answer.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().contains(path.toString())) {
                    throw e;
                }
                throw new IOException("HAProxy's stats socket " + path + ": " + e, e);
            }
        };
    }
}
