package dev.rsvpstack.testkit.memcached;

import dev.rsvpstack.testkit.ClassScopedServers;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Runs real memcached nodes for the tests of one class, so session code is tested against the
 * server it will meet in production, on free loopback ports that never clash with a memcached
 * already running on 11211. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);
 * }</pre>
 *
 * <p>Before the class's first test it starts the nodes (logs in
 * {@code target/testkit/memcached/<TestClass>/}); after the last one it stops them, whatever the
 * tests did. A JVM shutdown hook stops them too if the JVM exits without reaching that point. In
 * {@code @Nested} classes the outer class's servers stay up. A missing {@code memcached} binary
 * fails the tests, naming the package to install.
 */
public final class MemcachedExtension extends ClassScopedServers<MemcachedNodes> {
    private final int count;

    private MemcachedExtension(int count) {
        super("memcached");
        if (count < 1) {
            throw new IllegalArgumentException("at least one memcached node, not " + count);
        }
        this.count = count;
    }

    /** {@code count} independent memcached servers. */
    public static MemcachedExtension nodes(int count) {
        return new MemcachedExtension(count);
    }

    @Override
    protected MemcachedNodes create(String name) {
        return new MemcachedNodes(name, count);
    }

    @Override
    protected void start(MemcachedNodes created) {
        created.start();
    }

    @Override
    protected String registrationExample() {
        return "@RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);";
    }

    /** The addresses of all nodes (127.0.0.1 and a free port), running or not. */
    public List<InetSocketAddress> addresses() {
        return running().addresses();
    }

    /** The node at {@code index}, from 0, to stop, kill or restart. */
    public MemcachedNode node(int index) {
        return running().node(index);
    }

    /** All nodes in order. */
    public List<MemcachedNode> nodes() {
        return running().nodes();
    }

    /** The number of nodes. */
    public int size() {
        return count;
    }

    /** Starts every node that is not running. */
    public void startAll() {
        running().startAll();
    }
}
