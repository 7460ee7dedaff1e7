package dev.rsvpstack.discovery;

/**
 * A read-only view of the keys discovery uses, for operators' tools ({@code rsvp-stack status}):
 * raw values, lease time left, election candidates in order. Services read typed snapshots through
 * {@link Discovery} instead. Build one with {@link EtcdDiscovery.Builder#buildReader()}.
 */
public interface KeyspaceReader extends AutoCloseable {
    /**
     * Reads {@code /services/}, {@code /elections/} and {@code /config/} at one revision, then the
     * time left on each lease found.
     *
     * @throws DiscoveryException when etcd does not answer within the request timeout
     */
    KeyspaceListing read();

    /**
     * Calls {@code onChange} after any put or delete under the three prefixes (a lease keep-alive
     * writes nothing, so it calls nothing). Runs on a watch thread; keep it short.
     */
    Subscription watch(Runnable onChange);

    /**
     * What each etcd member says of the leader: the configured endpoints, and the other members of
     * the cluster when a member lists them. A member cut off from its peers says it has none; its
     * clients then read stale data or nothing.
     */
    java.util.List<EtcdMemberStatus> members();

    @Override
    void close();
}
