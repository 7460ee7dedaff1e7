package dev.rsvpstack.testkit.memcached;

import dev.rsvpstack.testkit.Binaries;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.TestkitLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Independent real memcached servers (Debian's {@code memcached}) on free loopback ports, with logs
 * under {@code target/testkit/memcached/<name>/}. Tests need real servers because what they check—
 * a client spreading keys over nodes, a node dying and coming back empty—happens between client and
 * server. A plain {@link AutoCloseable}, so it works without JUnit; {@link MemcachedExtension} ties it
 * to a test class.
 */
public final class MemcachedNodes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedNodes.class);
    private static final int START_ATTEMPTS = 2;

    private final String name;
    private final int count;
    private List<MemcachedNode> nodes = List.of();
    private boolean started;

    /**
     * @param name  a file-name-safe name for the log directory, for example the test class's simple name
     * @param count the number of nodes, 1 or more
     */
    public MemcachedNodes(String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one memcached node, not " + count);
        }
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a safe directory name: '" + name + "'");
        }
        this.name = name;
        this.count = count;
    }

    /**
     * Wipes the log directory and starts every node, each waited for until it accepts connections.
     * If a port turned out to be taken meanwhile, it tries once more with fresh ports.
     *
     * @throws IllegalStateException if memcached is not installed (naming the apt-get command) or a
     *                               node does not start; nothing is left running then
     */
    public synchronized MemcachedNodes start() {
        if (started) {
            throw new IllegalStateException("memcached nodes " + name + " were already started; create new ones");
        }
        started = true;
        Path binary = Binaries.require("memcached", "memcached");
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce(binary);
                LOG.info("memcached nodes {} are up: {}", name, addresses());
                return this;
            } catch (RuntimeException e) {
                boolean portTaken = nodes.stream().anyMatch(node -> node.logMentions("address already in use"));
                closeNodes(e);
                if (!portTaken || attempt >= START_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("a port of memcached nodes {} was taken meanwhile; retrying with other ports", name);
            }
        }
    }

    /** Starts every node that is not running. */
    public synchronized void startAll() {
        requireStarted();
        nodes.stream().filter(node -> !node.isRunning()).forEach(MemcachedNode::start);
    }

    /** The addresses of all nodes, running or not, in node order. */
    public synchronized List<InetSocketAddress> addresses() {
        requireStarted();
        return nodes.stream().map(MemcachedNode::address).toList();
    }

    /** The node at {@code index}, from 0. */
    public synchronized MemcachedNode node(int index) {
        requireStarted();
        if (index < 0 || index >= nodes.size()) {
            throw new IndexOutOfBoundsException("memcached " + name + " has nodes 0.." + (nodes.size() - 1)
                    + ", not " + index);
        }
        return nodes.get(index);
    }

    /** All nodes in order. */
    public synchronized List<MemcachedNode> nodes() {
        requireStarted();
        return nodes;
    }

    public int size() {
        return count;
    }

    public String name() {
        return name;
    }

    /** {@code target/testkit/memcached/<name>}: one log file per node. */
    public Path directory() {
        return TestkitLogs.dir("memcached/" + name);
    }

    /** Stops every node (SIGTERM, SIGKILL after 10 s); the logs stay for inspection. */
    @Override
    public synchronized void close() {
        closeNodes(null);
    }

    private void startOnce(Path binary) {
        Path root = directory();
        wipe(root);
        List<Integer> ports = distinctFreePorts(count);
        List<MemcachedNode> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(new MemcachedNode("node-" + i, binary, ports.get(i), root.resolve("node-" + i + ".log")));
        }
        nodes = List.copyOf(created);
        nodes.forEach(MemcachedNode::start);
    }

    private void closeNodes(RuntimeException primary) {
        RuntimeException failure = primary;
        for (MemcachedNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (primary == null && failure != null) {
            throw failure;
        }
    }

    private void requireStarted() {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("memcached nodes " + name + " are not started");
        }
    }

    private static List<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(FreePorts.next());
        }
        return List.copyOf(ports);
    }

    /** Deletes the logs of a previous run, so every log holds this run only. */
    private static void wipe(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
