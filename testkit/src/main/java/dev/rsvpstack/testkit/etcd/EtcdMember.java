package dev.rsvpstack.testkit.etcd;

import dev.rsvpstack.testkit.ServerProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One etcd member started by the testkit, for tests that take a member away and bring it back.
 * {@link #stop()} and {@link #kill()} end the process; {@link #start()} and {@link #restart()} run it
 * again on the same ports with the same data directory, so it rejoins its cluster under its old
 * identity and catches up, as a rebooted machine would. A member only reports healthy while its
 * cluster has a quorum, so {@link #start()} of one member of a cluster that lost its quorum waits
 * in vain: bring several members back at once with {@link EtcdCluster#startAll()}.
 */
public final class EtcdMember {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_LINES_IN_ERRORS = 15;

    private final EtcdMemberSpec spec;
    private final ServerProcess process;
    private final PeerRelay relay;

    EtcdMember(EtcdMemberSpec spec, List<String> command) {
        this(spec, command, null);
    }

    EtcdMember(EtcdMemberSpec spec, List<String> command, PeerRelay relay) {
        this.spec = spec;
        this.relay = relay;
        this.process = new ServerProcess("etcd-" + spec.name(), command, spec.logFile(),
                new InetSocketAddress("127.0.0.1", spec.clientPort()), START_TIMEOUT);
    }

    /** The member's name in the cluster, for example {@code member-0}. */
    public String name() {
        return spec.name();
    }

    /** Its client URL, {@code http://127.0.0.1:<port>}: the endpoint to give an etcd client. */
    public URI clientEndpoint() {
        return spec.clientUrl();
    }

    /** Its peer URL, which the other members use. */
    public URI peerEndpoint() {
        return spec.peerUrl();
    }

    /** Its data directory under {@code target/testkit/etcd/}; kept across restarts. */
    public Path dataDir() {
        return spec.dataDir();
    }

    /** Its log file; restarts append to it. */
    public Path logFile() {
        return spec.logFile();
    }

    /** Whether its process is alive (a frozen member is alive too). */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Whether it answers {@code /health} right now: it is running and its cluster has a leader. */
    public boolean isHealthy() {
        return isRunning() && EtcdHealth.isHealthy(clientEndpoint());
    }

    /**
     * Starts the stopped or killed member on its ports and data directory and waits until it is
     * healthy.
     *
     * @throws IllegalStateException if it is running, or does not become healthy within 30 s
     */
    public void start() {
        startWithoutWaiting();
        awaitHealthy(Instant.now().plus(START_TIMEOUT));
    }

    /** SIGTERM: etcd shuts down cleanly (a leader hands over leadership first). */
    public synchronized void stop() {
        process.stop();
    }

    /** SIGKILL: the member disappears mid-flight, like a machine losing power. */
    public synchronized void kill() {
        process.kill();
    }

    /** Stops the member if it runs, then {@link #start() starts} it again. */
    public void restart() {
        stop();
        start();
    }

    /** SIGSTOP: the member keeps its sockets open but answers nothing, like a partitioned machine. */
    public synchronized void freeze() {
        process.freeze();
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        process.thaw();
    }

    synchronized void startWithoutWaiting() {
        if (process.isAlive()) {
            throw new IllegalStateException(process.name() + " is already running");
        }
        process.startWithoutWaiting();
    }

    void awaitHealthy(Instant deadline) {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited during start; " + logExcerpt());
            }
            if (EtcdHealth.isHealthy(clientEndpoint())) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not report healthy at "
                        + clientEndpoint().resolve("/health") + " before " + deadline
                        + " (a member serves only while its cluster has a quorum); " + logExcerpt());
            }
            pause();
        }
    }

    /**
     * How many watchers this member serves now (etcd's {@code etcd_debugging_mvcc_watcher_total} on its
     * {@code /metrics}): tells a test which member carries a client's watch.
     *
     * @throws IllegalStateException if the member does not answer or the metric is missing
     */
    public long watchers() {
        return EtcdHealth.metric(clientEndpoint(), "etcd_debugging_mvcc_watcher_total");
    }

    /** Whether this member is the cluster's leader now (etcd's {@code etcd_server_is_leader}). */
    public boolean isLeader() {
        return EtcdHealth.metric(clientEndpoint(), "etcd_server_is_leader") == 1;
    }

    boolean logMentions(String text) {
        return LogTail.mentions(logFile(), text);
    }

    synchronized void close() {
        try {
            process.close();
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    @Override
    public String toString() {
        return "etcd " + name() + " at " + clientEndpoint();
    }

    private String logExcerpt() {
        return "last lines of " + logFile() + ":" + System.lineSeparator() + LogTail.of(logFile(), LOG_LINES_IN_ERRORS);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }
}
