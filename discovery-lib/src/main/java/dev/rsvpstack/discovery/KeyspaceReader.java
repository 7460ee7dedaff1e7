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

    @Override
    void close();
}
