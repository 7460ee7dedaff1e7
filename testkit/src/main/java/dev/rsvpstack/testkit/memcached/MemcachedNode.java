package dev.rsvpstack.testkit.memcached;

import dev.rsvpstack.testkit.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One memcached server started by the testkit, for tests that take a node away and bring it back.
 * {@link #stop()} and {@link #kill()} end the process; {@link #start()} and {@link #restart()} run it
 * again on the same port. memcached keeps nothing on disk, so a restarted node is empty, as a
 * rebooted production node would be.
 */
public final class MemcachedNode {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final InetSocketAddress address;
    private final ServerProcess process;

    MemcachedNode(String name, Path binary, int port, Path logFile) {
        this.name = name;
        this.address = new InetSocketAddress(loopbackIpv4(), port);
        this.process = new ServerProcess("memcached-" + name, MemcachedCommandLine.of(binary, port), logFile,
                address, START_TIMEOUT);
    }

    /** The node's name, for example {@code node-0}. */
    public String name() {
        return name;
    }

    /** Its address, 127.0.0.1 and a free port; the same after a restart. */
    public InetSocketAddress address() {
        return address;
    }

    /** Its log file; restarts append to it. */
    public Path logFile() {
        return process.logFile();
    }

    /** Whether its process is alive (a frozen node is alive too). */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Starts the stopped or killed node on its port and waits until it accepts connections.
     *
     * @throws IllegalStateException if it is running, or does not accept connections within 10 s
     */
    public void start() {
        process.start();
    }

    /** SIGTERM: memcached closes its connections and exits. */
    public void stop() {
        process.stop();
    }

    /** SIGKILL: the node disappears mid-flight, like a machine losing power. */
    public void kill() {
        process.kill();
    }

    /** Stops the node if it runs, then {@link #start() starts} it again, empty. */
    public void restart() {
        process.restart();
    }

    /** SIGSTOP: the node keeps its socket open but answers nothing, like a partitioned machine. */
    public void freeze() {
        process.freeze();
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        process.thaw();
    }

    boolean logMentions(String text) {
        try {
            return Files.exists(logFile()) && new String(Files.readAllBytes(logFile()), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "memcached " + name + " at " + address.getHostString() + ":" + address.getPort();
    }

    private static InetAddress loopbackIpv4() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the address has four bytes
        }
    }
}
