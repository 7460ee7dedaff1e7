package dev.rsvpstack.testkit.etcd;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real etcd (single member or cluster) for the tests of one class, so discovery code is
 * tested against the server it will meet in production, on free loopback ports that never clash
 * with an etcd already running on 2379. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EtcdExtension ETCD = EtcdExtension.cluster(3);
 * }</pre>
 *
 * <p>Before the class's first test it wipes {@code target/testkit/etcd/<TestClass>/} and starts the
 * members; after the last one it stops them, whatever the tests did. A JVM shutdown hook stops
 * them too if the JVM exits without reaching that point. In {@code @Nested} classes the outer
 * class's servers stay up. A missing {@code etcd} binary fails the tests, naming the package to install.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
    private static final Set<String> NAMES_IN_USE = ConcurrentHashMap.newKeySet();

    private final int size;
    private EtcdCluster cluster;
    private Thread shutdownHook;
    private int activeClasses;

    private EtcdExtension(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster needs at least one member, not " + size);
        }
        this.size = size;
    }

    /** One member: a cluster of its own, healthy as soon as it has elected itself. */
    public static EtcdExtension singleMember() {
        return new EtcdExtension(1);
    }

    /** {@code size} members bootstrapped together; 3 survive the loss of one. */
    public static EtcdExtension cluster(int size) {
        return new EtcdExtension(size);
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (activeClasses++ > 0) {
            return; // a @Nested class: the enclosing class's servers serve it
        }
        String name = claimName(context.getRequiredTestClass().getSimpleName());
        EtcdCluster starting = new EtcdCluster(name, size);
        try {
            starting.start();
        } catch (RuntimeException e) {
            activeClasses = 0;
            NAMES_IN_USE.remove(name);
            throw e;
        }
        cluster = starting;
        shutdownHook = new Thread(starting::close, "etcd-testkit-shutdown-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (activeClasses == 0 || --activeClasses > 0) {
            return;
        }
        EtcdCluster closing = cluster;
        cluster = null;
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

    /** The client URLs of all members ({@code http://127.0.0.1:<port>}), running or not. */
    public List<URI> endpoints() {
        return running().endpoints();
    }

    /** The member at {@code index}, from 0, to stop, kill or restart. */
    public EtcdMember member(int index) {
        return running().member(index);
    }

    /** All members in order. */
    public List<EtcdMember> members() {
        return running().members();
    }

    /** The number of members. */
    public int size() {
        return size;
    }

    /** Starts every member that is not running and waits until all are healthy. */
    public void startAll() {
        running().startAll();
    }

    private synchronized EtcdCluster running() {
        if (cluster == null) {
            throw new IllegalStateException("etcd is not running: register the extension on a static field, "
                    + "'@RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleMember();', "
                    + "so that it starts before the class's tests");
        }
        return cluster;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs and finds the members stopped
        }
        shutdownHook = null;
    }

    /** The test class's name, or with a suffix when another running cluster already uses it. */
    private static String claimName(String base) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : base + "-" + n;
            if (NAMES_IN_USE.add(candidate)) {
                return candidate;
            }
        }
    }
}
