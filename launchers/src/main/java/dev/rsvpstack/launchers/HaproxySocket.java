package dev.rsvpstack.launchers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /**
     * The socket {@code where} names: a Unix socket path ({@code stats socket /run/haproxy/admin.sock level admin}),
     * or {@code host:port} of a TCP one ({@code stats socket ipv4@10.88.0.80:9999 level admin}), for an HAProxy in
     * another container. A value with a {@code /} is a path.
     */
    static HaproxySocket of(String where, Duration timeout) {
        if (where.contains("/")) {
            return unix(Path.of(where), timeout);
        }
        int colon = where.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("the HAProxy stats socket must be a path or host:port, was '" + where + "'");
        }
        int port;
        try {
            port = Integer.parseInt(where.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the HAProxy stats socket must be a path or host:port, was '" + where + "'");
        }
        String host = where.substring(0, colon).replace("[", "").replace("]", "");
        return tcp(InetSocketAddress.createUnresolved(host, port), timeout);
    }

    /** A TCP stats socket; each command on a new connection, bounded by {@code timeout}. */
    static HaproxySocket tcp(InetSocketAddress address, Duration timeout) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        return command -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()), millis);
                socket.setSoTimeout(millis);
                socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException("HAProxy's stats socket " + address.getHostString() + ":" + address.getPort()
                        + ": " + e, e);
            }
        };
    }

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
