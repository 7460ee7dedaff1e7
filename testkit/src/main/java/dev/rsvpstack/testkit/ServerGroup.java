package dev.rsvpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every group of local servers the testkit runs (an etcd cluster, a set of memcached nodes)
 * does alike: a safe directory name, a clean directory under {@code target/testkit/} per run,
 * distinct free ports, one more try when a port was taken between choosing and binding it, and
 * closing every member even when one fails. A subclass says how to create and start its members.
 *
 * @param <M> a member (one server process)
 */
public abstract class ServerGroup<M> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerGroup.class);
    private static final int START_ATTEMPTS = 2;

    private final String kind;
    private final String name;
    private final int size;
    private List<M> members = List.of();
    private boolean started;

    /**
     * @param kind what the group is, in paths and messages ({@code etcd}, {@code memcached})
     * @param name a file-name-safe name for its directory, for example the test class's simple name
     * @param size the number of members, 1 or more
     */
    protected ServerGroup(String kind, String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a group of " + kind + " servers needs at least one, not " + size);
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a safe directory name: '" + name + "'");
        }
        this.kind = kind;
        this.name = name;
        this.size = size;
    }

    /** Creates the members in {@code root} on {@code ports} (2 per member if {@link #portsPerMember} says so). */
    protected abstract List<M> create(Path binary, Path root, List<Integer> ports);

    /** Starts the members just created, and waits until they serve. */
    protected abstract void launch(List<M> created);

    /** Whether the member's log says its address was already in use. */
    protected abstract boolean portTaken(M member);

    /** Stops the member; its files stay for inspection. */
    protected abstract void stop(M member);

    /** Ports each member needs; 1 unless overridden. */
    protected int portsPerMember() {
        return 1;
    }

    /**
     * Wipes the directory, creates and starts every member. If a port turned out to be taken meanwhile
     * (another process bound it after it was chosen), closes what started and tries once more with
     * fresh ports.
     *
     * @throws IllegalStateException if the binary is not installed (naming the apt-get command) or a
     *                               member does not start; nothing is left running then
     */
    protected final synchronized void startMembers(String binaryName, String debianPackage) {
        if (started) {
            throw new IllegalStateException(describe() + " was already started; create a new one");
        }
        started = true;
        Path binary = Binaries.require(binaryName, debianPackage);
        for (int attempt = 1; ; attempt++) {
            try {
                Path root = emptyDirectory();
                members = List.copyOf(create(binary, root, distinctFreePorts(portsPerMember() * size)));
                launch(members);
                return;
            } catch (RuntimeException e) {
                boolean taken = members.stream().anyMatch(this::portTaken);
                closeMembers(e);
                if (!taken || attempt >= START_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("a port of {} was taken meanwhile; retrying with other ports", describe());
            }
        }
    }

    /** All members in order. */
    protected final synchronized List<M> all() {
        if (members.isEmpty()) {
            throw new IllegalStateException(describe() + " is not started");
        }
        return members;
    }

    /** The member at {@code index}, from 0. */
    protected final M at(int index) {
        List<M> all = all();
        if (index < 0 || index >= all.size()) {
            throw new IndexOutOfBoundsException(describe() + " has members 0.." + (all.size() - 1) + ", not " + index);
        }
        return all.get(index);
    }

    public int size() {
        return size;
    }

    public String name() {
        return name;
    }

    /** {@code target/testkit/<kind>/<name>}: the members' data and logs. */
    public Path directory() {
        return TestkitLogs.dir(kind + "/" + name);
    }

    /** Stops every member (SIGTERM, SIGKILL after 10 s); data and logs stay for inspection. */
    @Override
    public synchronized void close() {
        closeMembers(null);
    }

    private String describe() {
        return kind + " group " + name;
    }

    /** With {@code primary} (a failed start) the failures are added to it; else the first is thrown. */
    private void closeMembers(RuntimeException primary) {
        RuntimeException failure = primary;
        for (M member : members) {
            try {
                stop(member);
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

    /** The directory, emptied of what a previous run left, so every run starts from nothing. */
    private Path emptyDirectory() {
        Path dir = directory();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
        return dir;
    }

    private static List<Integer> distinctFreePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(FreePorts.next());
        }
        return List.copyOf(ports);
    }
}
