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
     * Every service under {@code /services/} in one read, for dashboards and start-up. Same rules
     * as {@link #lookup(String)} for garbage and for an unreachable etcd.
     */
    java.util.Map<String, ServiceSnapshot> lookupAll();

    /**
     * Watches {@code service}: the listener gets the current snapshot at once, then a debounced
     * snapshot after each topology change (ADDED, MOVED, REMOVED; never REFRESHED). The watch
     * survives etcd restarts and member loss.
     */
    Subscription watch(String service, ServiceListener listener);

    /**
     * Opens the typed configuration of {@code service} under {@code /config/<service>/}, watched like
     * services: {@code listener} hears (debounced) when a typed value changes.
     *
     * @param keys the keys this caller reads; other names under the prefix are ignored
     */
    Config config(String service, java.util.Collection<? extends ConfigKey<?>> keys, ConfigListener listener);

    /**
     * Announces an instance under a lease, keeps it alive, re-registers when the lease is lost, and
     * (with a health probe) keeps the key only while the probe passes. Close the registration to
     * revoke it.
     */
    Registration register(RegistrationRequest request);

    /**
     * Campaigns in election {@code electionName} until closed: one candidate leads, the others wait
     * as hot standbys and take over within {@code ttl} when the leader dies (at once when it closes).
     *
     * @param candidateId this candidate, for example a host name; stored as the leader key's value
     * @param ttl         the lease behind the leadership (default 8 s when {@code null})
     */
    LeaderElection leaderElection(String electionName, String candidateId, java.time.Duration ttl,
                                  LeaderListener listener);

    /** Whether etcd answered lately; a caller may show it, the library keeps serving either way. */
    ConnectionState state();

    /** Stops every watch and registration (revoking their leases). */
    @Override
    void close();
}
