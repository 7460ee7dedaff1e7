package dev.rsvpstack.testkit.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

/**
 * A TCP relay in front of one member's peer port: the other members reach the member only through
 * it (the member advertises the relay's port as its peer URL), while its clients reach its client
 * port directly. That lets a test cut a member off from its peers and not from its clients, the
 * partial partition a real network produces when only the link between machines fails.
 *
 * <p>Each connection is attributed to the member that opened it: etcd's peer transport puts the
 * sender's advertised peer URLs in the {@code X-PeerURLs} header of every stream and pipeline
 * request, and one connection only ever carries one sender's requests. While the cut predicate holds
 * for (the member behind the relay, the sender), no byte passes either way and nothing is closed, as
 * when packets are dropped; each side learns of it only from its own timeouts. Once healed, what was
 * held goes through.
 */
final class PeerRelay implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final String member;
    private final int targetPort;
    private final BiPredicate<String, String> cut;
    private final Object gate;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param member     the name of the member behind the relay
     * @param listenPort the port the member advertises to its peers
     * @param targetPort the port the member listens on for its peers
     * @param cut        whether traffic between (member, sender's peer URL, or {@code null} when not known) is cut now
     * @param gate       notified by the cluster whenever a cut is healed
     */
    PeerRelay(String member, int listenPort, int targetPort, BiPredicate<String, String> cut, Object gate)
            throws IOException {
        this.member = member;
        this.targetPort = targetPort;
        this.cut = cut;
        this.gate = gate;
        this.server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "etcd-peer-relay-" + member);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket peer = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(peer);
                sockets.add(upstream);
                Connection connection = new Connection();
                start(() -> forwardRequests(peer, upstream, connection));
                start(() -> pump(upstream, peer, connection));
            } catch (IOException e) {
                // closing, or the member is down: the peer sees its connection fail and retries
            }
        }
    }

    /** Peer to member: reads the first request's header to learn the sender, then forwards everything. */
    private void forwardRequests(Socket from, Socket to, Connection connection) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] head = new byte[MAX_HEADER_BYTES];
            int length = 0;
            while (length < head.length && indexOfHeaderEnd(head, length) < 0) {
                int n = in.read(head, length, head.length - length);
                if (n < 0) {
                    return;
                }
                length += n;
            }
            connection.sender = senderOf(new String(head, 0, length, StandardCharsets.ISO_8859_1));
            awaitOpen(connection);
            out.write(head, 0, length);
            out.flush();
            copy(in, out, connection);
        } catch (IOException | InterruptedException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void pump(Socket from, Socket to, Connection connection) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            copy(in, out, connection);
        } catch (IOException | InterruptedException e) {
            // one side closed: close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void copy(InputStream in, OutputStream out, Connection connection) throws IOException, InterruptedException {
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            awaitOpen(connection);
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private void awaitOpen(Connection connection) throws InterruptedException {
        synchronized (gate) {
            while (!closed && cut.test(member, connection.sender)) {
                gate.wait(100);
            }
        }
    }

    /** The first URL of {@code X-PeerURLs}, or {@code null} for a request without one (a probe). */
    static String senderOf(String header) {
        for (String line : header.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("x-peerurls")) {
                String urls = line.substring(colon + 1).trim();
                int comma = urls.indexOf(',');
                return comma < 0 ? urls : urls.substring(0, comma);
            }
        }
        return null;
    }

    private static int indexOfHeaderEnd(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void start(Runnable task) {
        Thread thread = new Thread(task, "etcd-peer-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (gate) {
            gate.notifyAll();
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(PeerRelay::closeQuietly);
    }

    /** What the relay knows of one connection: the member that opened it, once its first request is read. */
    private static final class Connection {
        volatile String sender;
    }
}
