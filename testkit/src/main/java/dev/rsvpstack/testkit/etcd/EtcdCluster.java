package dev.rsvpstack.testkit.etcd;

import dev.rsvpstack.testkit.Binaries;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.TestkitLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real etcd servers (Debian's {@code etcd-server}) as a statically bootstrapped cluster of one or
 * more members on free loopback ports, with data and logs under {@code target/testkit/etcd/<name>/}.
 * Tests need the real server because the behaviour they check—leases, watches across restarts,
 * a member dying and rejoining—is the server's, not a mock's. A plain {@link AutoCloseable}, so it
 * works without JUnit; {@link EtcdExtension} ties it to a test class.
 */
public final class EtcdCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCluster.class);
    private static final int START_ATTEMPTS = 2;

    private final String name;
    private final int size;
    private List<EtcdMember> members = List.of();
    private boolean started;

    /**
     * @param name a file-name-safe name for the directory, for example the test class's simple name
     * @param size the number of members, 1 or more (3 to survive the loss of one)
     */
    public EtcdCluster(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("an etcd cluster needs at least one member, not " + size);
        }
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a safe directory name: '" + name + "'");
        }
        this.name = name;
        this.size = size;
    }

    /**
     * Wipes the cluster's directory, starts every member and waits until all are healthy (the
     * members start together, since a lone member of a cluster serves nothing until a quorum is up).
     * If a port turned out to be taken meanwhile, it tries once more with fresh ports.
     *
     * @throws IllegalStateException if etcd is not installed (naming the apt-get command) or a
     *                               member does not become healthy; nothing is left running then
     */
    public synchronized EtcdCluster start() {
        if (started) {
            throw new IllegalStateException("etcd cluster " + name + " was already started; create a new one");
        }
        started = true;
        Path binary = Binaries.require("etcd", "etcd-server");
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce(binary);
                LOG.info("etcd cluster {} is up: {}", name, endpoints());
                return this;
            } catch (RuntimeException e) {
                boolean portTaken = members.stream().anyMatch(m -> m.logMentions("address already in use"));
                closeMembers(e);
                if (!portTaken || attempt >= START_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("a port of etcd cluster {} was taken meanwhile; retrying with other ports", name);
            }
        }
    }

    /**
     * Starts every member that is not running and waits until all are healthy: the way back after
     * a test took away so many members that the cluster lost its quorum.
     */
    public synchronized void startAll() {
        requireStarted();
        List<EtcdMember> stopped = members.stream().filter(member -> !member.isRunning()).toList();
        stopped.forEach(EtcdMember::startWithoutWaiting);
        Instant deadline = Instant.now().plus(EtcdMember.START_TIMEOUT);
        stopped.forEach(member -> member.awaitHealthy(deadline));
    }

    /** The client URLs of all members, running or not, in member order. */
    public synchronized List<URI> endpoints() {
        requireStarted();
        return members.stream().map(EtcdMember::clientEndpoint).toList();
    }

    /** The member at {@code index}, from 0. */
    public synchronized EtcdMember member(int index) {
        requireStarted();
        if (index < 0 || index >= members.size()) {
            throw new IndexOutOfBoundsException("etcd cluster " + name + " has members 0.." + (members.size() - 1)
                    + ", not " + index);
        }
        return members.get(index);
    }

    /** All members in order. */
    public synchronized List<EtcdMember> members() {
        requireStarted();
        return members;
    }

    public int size() {
        return size;
    }

    public String name() {
        return name;
    }

    /** {@code target/testkit/etcd/<name>}: one directory per member, with its data and log. */
    public Path directory() {
        return TestkitLogs.dir("etcd/" + name);
    }

    /** Stops every member (SIGTERM, SIGKILL after 10 s); data and logs stay for inspection. */
    @Override
    public synchronized void close() {
        closeMembers(null);
    }

    private void startOnce(Path binary) {
        Path root = directory();
        wipe(root);
        List<Integer> ports = distinctFreePorts(2 * size);
        List<EtcdMemberSpec> specs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            specs.add(new EtcdMemberSpec("member-" + i, ports.get(2 * i), ports.get(2 * i + 1),
                    root.resolve("member-" + i)));
        }
        String token = "testkit-" + name + "-" + UUID.randomUUID();
        List<EtcdMember> created = new ArrayList<>();
        for (EtcdMemberSpec spec : specs) {
            createDirectory(spec.directory());
            created.add(new EtcdMember(spec, EtcdCommandLine.of(binary, spec, specs, token)));
        }
        members = List.copyOf(created);
        members.forEach(EtcdMember::startWithoutWaiting);
        Instant deadline = Instant.now().plus(EtcdMember.START_TIMEOUT);
        members.forEach(member -> member.awaitHealthy(deadline));
    }

    private void closeMembers(RuntimeException primary) {
        RuntimeException failure = primary;
        for (EtcdMember member : members) {
            try {
                member.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (primary == null && failure != null) {
            throw failure;
        }
    }

    private void requireStarted() {
        if (members.isEmpty()) {
            throw new IllegalStateException("etcd cluster " + name + " is not started");
        }
    }

    private static List<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(FreePorts.next());
        }
        return List.copyOf(ports);
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes what a previous run left in {@code dir}, so every run starts from empty data directories. */
    private static void wipe(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
