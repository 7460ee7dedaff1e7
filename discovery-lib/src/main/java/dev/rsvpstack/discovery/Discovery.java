package dev.rsvpstack.discovery;

/**
 * Where a service's instances are, and how to announce one's own. Backed by etcd
 * ({@link EtcdDiscovery}) or by fixed configuration ({@link StaticDiscovery}) behind the same API,
 * so an application runs unchanged in development and on a cluster.
 *
 * <p>Instances live under {@code /services/<service>/<instance>} with a value of {@code host},
 * {@code host:port} or {@code [v6]:port}. Values that are none of these are ignored, counted and
 * logged once; they never fail a lookup.
 */
public interface Discovery extends AutoCloseable {
    /**
     * The instances of {@code service} now. While etcd is unreachable this is the last good
     * snapshot and {@link #state()} says so.
     *
     * @throws DiscoveryException when etcd is unreachable and no snapshot of the service was ever read
     */
    ServiceSnapshot lookup(String service);

    /**
     * Watches {@code service}: the listener gets the current snapshot at once, then a debounced
     * snapshot after each topology change (ADDED, MOVED, REMOVED; never REFRESHED). The watch
     * survives etcd restarts and member loss.
     */
    Subscription watch(String service, ServiceListener listener);

    /**
     * Announces an instance under a lease, keeps it alive, re-registers when the lease is lost, and
     * (with a health probe) keeps the key only while the probe passes. Close the registration to
     * revoke it.
     */
    Registration register(RegistrationRequest request);

    /** Whether etcd answered lately; a caller may show it, the library keeps serving either way. */
    ConnectionState state();

    /** Stops every watch and registration (revoking their leases). */
    @Override
    void close();
}
