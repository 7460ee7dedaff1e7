package dev.rsvpstack.testkit.haproxy;

import dev.rsvpstack.testkit.ClassScopedServers;

/**
 * A real HAProxy for the tests of one class ({@link HaproxyServer}: a frontend on a free loopback port,
 * an empty backend, an admin stats socket in a temporary directory). Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackend("web");
 * }</pre>
 */
public final class HaproxyExtension extends ClassScopedServers<HaproxyServer> {
    private final String backend;
    private final boolean tls;

    private HaproxyExtension(String backend, boolean tls) {
        super("haproxy");
        this.backend = backend;
        this.tls = tls;
    }

    /** One HAProxy whose backend {@code backend} starts empty. */
    public static HaproxyExtension withEmptyBackend(String backend) {
        return new HaproxyExtension(backend, false);
    }

    /** The same, terminating TLS with a self-signed certificate; plain HTTP is redirected to HTTPS. */
    public static HaproxyExtension withEmptyBackendAndTls(String backend) {
        return new HaproxyExtension(backend, true);
    }

    @Override
    protected HaproxyServer create(String name) {
        return new HaproxyServer(name, backend, tls);
    }

    @Override
    protected void start(HaproxyServer created) {
        created.start();
    }

    @Override
    protected String registrationExample() {
        return "@RegisterExtension static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackend(\"web\");";
    }

    /** The running HAProxy. */
    public HaproxyServer server() {
        return running();
    }
}
