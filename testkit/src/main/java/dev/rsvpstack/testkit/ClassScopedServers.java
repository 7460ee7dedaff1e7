package dev.rsvpstack.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The life of a group of servers that one test class uses, shared by testkit's etcd and memcached
 * extensions. Before the class's first test the group is created under the class's name and started;
 * after its last test it is closed, whatever the tests did, and a JVM shutdown hook closes it too if
 * the JVM exits before that. A {@code @Nested} class uses its enclosing class's group.
 *
 * @param <G> the group of servers
 */
public abstract class ClassScopedServers<G extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
    /** Per kind of server: the names of the groups running now, which name their log directories. */
    private static final Set<String> NAMES_IN_USE = ConcurrentHashMap.newKeySet();

    private final String kind;
    private G group;
    private String name;
    private Thread shutdownHook;
    private int activeClasses;

    /** @param kind the servers' kind, for example {@code etcd}: names are unique within a kind */
    protected ClassScopedServers(String kind) {
        this.kind = kind;
    }

    /** Creates the group, not yet started, under {@code name} (its log directory). */
    protected abstract G create(String name);

    /** Starts the group and waits until it serves. */
    protected abstract void start(G created);

    /** How to register the extension, for the error a test gets when it did not. */
    protected abstract String registrationExample();

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (activeClasses++ > 0) {
            return; // a @Nested class: the enclosing class's servers serve it
        }
        String claimed = claimName(context.getRequiredTestClass().getSimpleName());
        G starting = create(claimed);
        try {
            start(starting);
        } catch (RuntimeException e) {
            activeClasses = 0;
            NAMES_IN_USE.remove(kind + "/" + claimed);
            closeQuietly(starting); // whatever did start; the start's own error is the one to report
            throw e;
        }
        group = starting;
        name = claimed;
        shutdownHook = new Thread(() -> closeQuietly(starting), kind + "-testkit-shutdown-" + claimed);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        if (activeClasses == 0 || --activeClasses > 0) {
            return;
        }
        G closing = group;
        group = null;
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } finally {
            NAMES_IN_USE.remove(kind + "/" + name);
            removeShutdownHook();
        }
    }

    /** The running group; an error naming the fix when the extension is not registered as it must be. */
    protected synchronized G running() {
        if (group == null) {
            throw new IllegalStateException(kind + " is not running: register the extension on a static field, '"
                    + registrationExample() + "', so that it starts before the class's tests");
        }
        return group;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs and finds the servers stopped
        }
        shutdownHook = null;
    }

    private static void closeQuietly(AutoCloseable servers) {
        try {
            servers.close();
        } catch (Exception e) {
            // after a failed start or during JVM exit: the caller has a better error to report
        }
    }

    /** The test class's name, or with a suffix when another running group of this kind already uses it. */
    private String claimName(String base) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : base + "-" + n;
            if (NAMES_IN_USE.add(kind + "/" + candidate)) {
                return candidate;
            }
        }
    }
}
