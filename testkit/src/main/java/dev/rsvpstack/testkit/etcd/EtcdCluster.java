package dev.rsvpstack.testkit.etcd;

import dev.rsvpstack.testkit.ServerGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real etcd servers (Debian's {@code etcd-server}) as a statically bootstrapped cluster of one or
 * more members on free loopback ports, with data and logs under {@code target/testkit/etcd/<name>/}.
 * Tests need the real server because the behaviour they check—leases, watches across restarts,
 * a member dying and rejoining—is the server's, not a mock's. A plain {@link AutoCloseable} (a {@link ServerGroup}), so it
 * works without JUnit; {@link EtcdExtension} ties it to a test class.
 */
public final class EtcdCluster extends ServerGroup<EtcdMember> {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCluster.class);

    private final boolean cuttablePeerLinks;
    /** The peer URLs of the members cut off from their peers; guarded by itself, the relays' gate. */
    private final Set<String> isolated = new HashSet<>();

    /**
     * @param name a file-name-safe name for the directory, for example the test class's simple name
     * @param size the number of members, 1 or more (3 to survive the loss of one)
     */
    public EtcdCluster(String name, int size) {
        this(name, size, false);
    }

    /**
     * @param cuttablePeerLinks whether the members reach each other through relays that
     *                          {@link #isolate(EtcdMember)} can cut, while clients still reach every member
     */
    public EtcdCluster(String name, int size, boolean cuttablePeerLinks) {
        super("etcd", name, size);
        this.cuttablePeerLinks = cuttablePeerLinks;
    }

    /**
     * Cuts {@code member} off from its peers, both ways, while its clients still reach it: the member
     * loses the quorum (a leader steps down, a follower finds no leader) and the others go on without
     * it. Nothing is closed; held bytes pass once {@link #heal()} is called.
     *
     * @throws IllegalStateException unless the cluster was made with cuttable peer links
     */
    public void isolate(EtcdMember member) {
        requireCuttable();
        synchronized (isolated) {
            isolated.add(member.peerEndpoint().toString());
        }
        LOG.info("etcd {} is cut off from its peers (its clients still reach it)", member.name());
    }

    /** Joins every isolated member to its peers again. */
    public void heal() {
        requireCuttable();
        synchronized (isolated) {
            isolated.clear();
            isolated.notifyAll();
        }
        LOG.info("etcd cluster {}: every peer link is whole again", name());
    }

    private boolean cut(String member, String sender) {
        // Called by the relays with the lock held.
        return isolated.contains(member) || (sender != null && isolated.contains(sender));
    }

    private void requireCuttable() {
        if (!cuttablePeerLinks) {
            throw new IllegalStateException("etcd cluster " + name() + " has no cuttable peer links; make it with "
                    + "EtcdExtension.partitionableCluster(n)");
        }
    }

    /**
     * Wipes the cluster's directory, starts every member and waits until all are healthy (the
     * members start together, since a lone member of a cluster serves nothing until a quorum is up).
     * If a port turned out to be taken meanwhile, it tries once more with fresh ports.
     *
     * @throws IllegalStateException if etcd is not installed (naming the apt-get command) or a
     *                               member does not become healthy; nothing is left running then
     */
    public EtcdCluster start() {
        startMembers("etcd", "etcd-server");
        LOG.info("etcd cluster {} is up: {}", name(), endpoints());
        return this;
    }

    /**
     * Starts every member that is not running and waits until all are healthy: the way back after
     * a test took away so many members that the cluster lost its quorum.
     */
    public synchronized void startAll() {
        List<EtcdMember> stopped = all().stream().filter(member -> !member.isRunning()).toList();
        stopped.forEach(EtcdMember::startWithoutWaiting);
        Instant deadline = Instant.now().plus(EtcdMember.START_TIMEOUT);
        stopped.forEach(member -> member.awaitHealthy(deadline));
    }

    /**
     * Writes one key through {@code member} only (a test or benchmark choosing the side of a partition it
     * writes on), as {@code etcdctl --endpoints=<member> put} would; waits up to 10 s for it to confirm.
     *
     * @throws IllegalStateException if the member did not confirm the write
     */
    public void putThrough(EtcdMember member, String key, String value) {
        EtcdGateway.put(List.of(member.clientEndpoint()), key, value);
    }

    /** The client URLs of all members, running or not, in member order. */
    public List<URI> endpoints() {
        return all().stream().map(EtcdMember::clientEndpoint).toList();
    }

    /** The member at {@code index}, from 0. */
    public EtcdMember member(int index) {
        return at(index);
    }

    /** All members in order. */
    public List<EtcdMember> members() {
        return all();
    }

    @Override
    protected int portsPerMember() {
        return cuttablePeerLinks ? 3 : 2; // client, peer, and the relay in front of the peer port
    }

    @Override
    protected List<EtcdMember> create(Path binary, Path root, List<Integer> ports) {
        List<EtcdMemberSpec> specs = new ArrayList<>();
        int per = portsPerMember();
        for (int i = 0; i < size(); i++) {
            specs.add(new EtcdMemberSpec("member-" + i, ports.get(per * i), ports.get(per * i + 1),
                    cuttablePeerLinks ? ports.get(per * i + 2) : 0, root.resolve("member-" + i)));
        }
        String token = "testkit-" + name() + "-" + UUID.randomUUID();
        List<EtcdMember> created = new ArrayList<>();
        for (EtcdMemberSpec spec : specs) {
            createDirectory(spec.directory());
            created.add(new EtcdMember(spec, EtcdCommandLine.of(binary, spec, specs, token), relay(spec, created)));
        }
        return created;
    }

    @Override
    protected void launch(List<EtcdMember> created) {
        created.forEach(EtcdMember::startWithoutWaiting);
        Instant deadline = Instant.now().plus(EtcdMember.START_TIMEOUT);
        created.forEach(member -> member.awaitHealthy(deadline));
    }

    @Override
    protected boolean portTaken(EtcdMember member) {
        return member.logMentions("address already in use");
    }

    @Override
    protected void stop(EtcdMember member) {
        member.close();
    }

    private PeerRelay relay(EtcdMemberSpec spec, List<EtcdMember> created) {
        if (!spec.relayed()) {
            return null;
        }
        try {
            return new PeerRelay(spec.peerUrl().toString(), spec.relayPort(), spec.peerPort(), this::cut, isolated);
        } catch (IOException e) {
            created.forEach(EtcdMember::close);
            throw new UncheckedIOException("cannot open the peer relay of " + spec.name() + " on port "
                    + spec.relayPort(), e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
