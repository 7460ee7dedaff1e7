package dev.rsvpstack.testkit.etcd;

import dev.rsvpstack.testkit.ClassScopedServers;
import java.net.URI;
import java.util.List;

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
public final class EtcdExtension extends ClassScopedServers<EtcdCluster> {
    private final int size;
    private final boolean cuttablePeerLinks;

    private EtcdExtension(int size) {
        this(size, false);
    }

    private EtcdExtension(int size, boolean cuttablePeerLinks) {
        super("etcd");
        this.cuttablePeerLinks = cuttablePeerLinks;
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

    /**
     * {@code size} members whose peer links run through relays, so that a test can cut one member off
     * from its peers while its clients still reach it ({@link #isolate(EtcdMember)}, {@link #heal()}).
     */
    public static EtcdExtension partitionableCluster(int size) {
        return new EtcdExtension(size, true);
    }

    @Override
    protected EtcdCluster create(String name) {
        return new EtcdCluster(name, size, cuttablePeerLinks);
    }

    /** Cuts {@code member} off from its peers; its clients still reach it. See {@link EtcdCluster#isolate}. */
    public void isolate(EtcdMember member) {
        running().isolate(member);
    }

    /** Joins every isolated member to its peers again. */
    public void heal() {
        running().heal();
    }

    @Override
    protected void start(EtcdCluster created) {
        created.start();
    }

    @Override
    protected String registrationExample() {
        return "@RegisterExtension static final EtcdExtension ETCD = EtcdExtension.singleMember();";
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

    /**
     * Writes one key, as an operator's {@code etcdctl put} or a sidekick would, through etcd's JSON
     * gateway (testkit does not depend on a client library); waits up to 10 s for etcd to confirm.
     *
     * @throws IllegalStateException if no member confirmed the write
     */
    public void put(String key, String value) {
        EtcdGateway.put(endpoints(), key, value);
    }

    /**
     * Writes one key through {@code member} only (a test choosing the side of a partition it writes
     * on); waits up to 10 s for it to confirm.
     *
     * @throws IllegalStateException if the member did not confirm the write
     */
    public void putThrough(EtcdMember member, String key, String value) {
        running().putThrough(member, key, value);
    }

    /**
     * Deletes every key under {@code prefix}, as {@code etcdctl del --prefix} would (a test starting from
     * known registrations); waits up to 10 s for etcd to confirm.
     *
     * @throws IllegalStateException if no member confirmed the delete
     */
    public void deletePrefix(String prefix) {
        EtcdGateway.deletePrefix(endpoints(), prefix);
    }
}
