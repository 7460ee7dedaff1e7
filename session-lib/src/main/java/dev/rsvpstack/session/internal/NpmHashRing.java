package dev.rsvpstack.session.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The continuum of npm {@code hashring} 3.x as npm {@code memcached} 2.x builds it (compatibility
 * {@code ketama}, md5, default port 11211): the ring connect-memcached uses, so that a Java and a
 * Node instance given the same server strings put every key on the same server.
 *
 * <p>Replicated literally, quirks included, because placement must match bit for bit:
 * <ul>
 *   <li>each server gets {@code floor((1 / n) * 40 * n)} digests in double arithmetic (39 of them
 *       when n is 3), each digest 4 points: the little-endian words of md5({@code name + "-" + i});</li>
 *   <li>{@code name} is the host alone when the string's second {@code :}-separated field is the
 *       number 11211 (libketama's rule), else the whole server string;</li>
 *   <li>points are sorted stably, so equal points keep the servers' order; the servers are sorted
 *       by name first, which makes the ring independent of the order the list arrived in (the Node
 *       side is told to sort its list the same way);</li>
 *   <li>a key's point is the little-endian first word of md5(key), and it belongs to the first ring
 *       point at or above it, found with hashring's own binary search (wrapping to the first).</li>
 * </ul>
 * Immutable; build a new one when the server list changes.
 */
public final class NpmHashRing {
    private static final int VNODES = 40;
    private static final int REPLICAS = 4;
    private static final int DEFAULT_PORT = 11211;

    private final List<String> servers;
    private final long[] points;
    private final String[] owners;

    public NpmHashRing(Collection<String> serverStrings) {
        Set<String> unique = new LinkedHashSet<>(serverStrings);
        List<String> sorted = new ArrayList<>(unique);
        sorted.sort(null);
        this.servers = List.copyOf(sorted);
        List<Point> ring = new ArrayList<>();
        int n = servers.size();
        for (String server : servers) {
            double percentage = 1.0 / n;
            int length = (int) Math.floor(percentage * VNODES * n);
            String name = hashName(server);
            for (int i = 0; i < length; i++) {
                byte[] digest = md5(name + "-" + i);
                for (int j = 0; j < REPLICAS; j++) {
                    ring.add(new Point(word(digest, j * 4), server));
                }
            }
        }
        ring.sort((a, b) -> Long.compare(a.value, b.value)); // List.sort is stable, as V8's Array.sort
        this.points = ring.stream().mapToLong(Point::value).toArray();
        this.owners = ring.stream().map(Point::server).toArray(String[]::new);
    }

    /** The servers on the ring, sorted. */
    public List<String> servers() {
        return servers;
    }

    /** The server npm {@code memcached} would send {@code key} to; {@code null} for an empty ring. */
    public String serverFor(String key) {
        if (points.length == 0) {
            return null;
        }
        return owners[find(hashValue(key))];
    }

    /**
     * The key's server if {@code usable} accepts it, else the next distinct server clockwise that it
     * accepts; {@code null} when it accepts none. The fallback is Java's own (npm {@code memcached}
     * keeps a dead server on its ring): it keeps sessions working while one node is down.
     */
    public String serverFor(String key, Predicate<String> usable) {
        if (points.length == 0) {
            return null;
        }
        int start = find(hashValue(key));
        for (int step = 0; step < points.length; step++) {
            String owner = owners[(start + step) % points.length];
            if (usable.test(owner)) {
                return owner;
            }
        }
        return null;
    }

    /** hashring's {@code find}, as written: the first point at or above the value, else index 0. */
    private int find(long hashValue) {
        int size = points.length;
        int high = size;
        int low = 0;
        while (true) {
            int mid = (low + high) >> 1;
            if (mid == size) {
                return 0;
            }
            long middle = points[mid];
            long prev = mid == 0 ? 0 : points[mid - 1];
            if (hashValue <= middle && hashValue > prev) {
                return mid;
            }
            if (middle < hashValue) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
            if (low > high) {
                return 0;
            }
        }
    }

    static long hashValue(String key) {
        return word(md5(key), 0);
    }

    /**
     * connection-parse splits a server string on {@code :}; the second field, read as a JavaScript
     * number, is the port. Only when it equals the default port does the ring hash the host alone.
     */
    static String hashName(String server) {
        String[] fields = server.split(":", -1);
        if (fields.length > 1 && isDefaultPort(fields[1])) {
            return fields[0];
        }
        return server;
    }

    private static boolean isDefaultPort(String field) {
        String trimmed = field.strip();
        if (!trimmed.matches("\\d{1,9}")) {
            return false; // JavaScript would read forms like "0x2bab" too; no server string of ours has them
        }
        return Integer.parseInt(trimmed) == DEFAULT_PORT;
    }

    private static long word(byte[] digest, int offset) {
        return (digest[offset] & 0xffL) | (digest[offset + 1] & 0xffL) << 8 | (digest[offset + 2] & 0xffL) << 16
                | (digest[offset + 3] & 0xffL) << 24;
    }

    // one digest per thread: looking the algorithm up costs more than hashing a session key
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });

    private static byte[] md5(String text) {
        return MD5.get().digest(text.getBytes(StandardCharsets.UTF_8)); // digest() resets it
    }

    @Override
    public String toString() {
        return "NpmHashRing" + servers + " (" + points.length + " points)";
    }

    private record Point(long value, String server) {
    }
}
