package dev.rsvpstack.testkit.memcached;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
public final class MemcachedExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Set<String> NAMES_IN_USE = ConcurrentHashMap.newKeySet();

    private final int count;
    private MemcachedNodes nodes;
    private Thread shutdownHook;
    private int activeClasses;

    private MemcachedExtension(int count) {
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
    public synchronized void beforeAll(ExtensionContext context) {
        if (activeClasses++ > 0) {
            return; // a @Nested class: the enclosing class's servers serve it
        }
        String name = claimName(context.getRequiredTestClass().getSimpleName());
        MemcachedNodes starting = new MemcachedNodes(name, count);
        try {
            starting.start();
        } catch (RuntimeException e) {
            activeClasses = 0;
            NAMES_IN_USE.remove(name);
            throw e;
        }
        nodes = starting;
        shutdownHook = new Thread(starting::close, "memcached-testkit-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (activeClasses == 0 || --activeClasses > 0) {
            return;
        }
        MemcachedNodes closing = nodes;
        nodes = null;
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } finally {
            NAMES_IN_USE.remove(closing.name());
            removeShutdownHook();
        }
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

    private synchronized MemcachedNodes running() {
        if (nodes == null) {
            throw new IllegalStateException("memcached is not running: register the extension on a static field, "
                    + "'@RegisterExtension static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(2);', "
                    + "so that it starts before the class's tests");
        }
        return nodes;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs and finds the nodes stopped
        }
        shutdownHook = null;
    }

    /** The test class's name, or with a suffix when other running nodes already use it. */
    private static String claimName(String base) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : base + "-" + n;
            if (NAMES_IN_USE.add(candidate)) {
                return candidate;
            }
        }
    }
}
