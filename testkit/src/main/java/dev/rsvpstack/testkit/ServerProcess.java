package dev.rsvpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server running as a child process, with its output in a log file. A test can stop it
 * (SIGTERM), kill it (SIGKILL), freeze and thaw it (SIGSTOP/SIGCONT) and start it again with the
 * same command line, so it comes back on the same ports with the same data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final InetSocketAddress readinessAddress;
    private final Duration startTimeout;
    private volatile Process process;
    private boolean orphanGuardRegistered;

    /**
     * @param name             a short name for logs, for example {@code etcd-0}
     * @param command          the command line
     * @param logFile          where stdout and stderr go (appended, so restarts keep the history)
     * @param readinessAddress the server is up when this TCP address accepts a connection
     * @param startTimeout     how long a start may take
     */
    public ServerProcess(String name, List<String> command, Path logFile, InetSocketAddress readinessAddress,
                         Duration startTimeout) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.readinessAddress = readinessAddress;
        this.startTimeout = startTimeout;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the process and waits until it accepts connections. */
    public synchronized ServerProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        startWithoutWaiting();
        try {
            awaitReady();
        } catch (RuntimeException e) {
            kill(); // a half-started server must not outlive the failed start
            throw e;
        }
        return this;
    }

    /** Starts the process without waiting; for cluster members that only answer once a quorum is up. */
    public synchronized ServerProcess startWithoutWaiting() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
        LOG.info("started {} (pid {}): {}; log {}", name, process.pid(), String.join(" ", command), logFile);
        registerOrphanGuard();
        return this;
    }

    /** Waits until the readiness address accepts a TCP connection. */
    public void awaitReady() {
        Instant deadline = Instant.now().plus(startTimeout);
        while (Instant.now().isBefore(deadline)) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(name + " exited during start with code "
                        + (current == null ? "?" : current.exitValue()) + "; see " + logFile);
            }
            if (accepts(readinessAddress)) {
                return;
            }
            try {
                current.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
        throw new IllegalStateException(name + " did not accept connections on " + readinessAddress + " within "
                + startTimeout + "; see " + logFile);
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
    public synchronized void stop() {
        if (!isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_GRACE)) {
            LOG.warn("{} ignored SIGTERM for {}; killing it", name, STOP_GRACE);
            kill();
        }
        LOG.info("stopped {}", name);
    }

    /**
     * SIGTERM and return at once, for a test that times the process's own shutdown; {@link #exitCode()}
     * tells how it ended.
     */
    public synchronized void terminate() {
        if (isAlive()) {
            process.destroy();
            LOG.info("sent SIGTERM to {}", name);
        }
    }

    /** The exit code of the last run; empty while it runs or before its first start. */
    public synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty()
                : OptionalInt.of(process.exitValue());
    }

    /** SIGKILL: the process has no chance to clean up, like a machine losing power. */
    public synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        process.destroyForcibly();
        waitForExit(STOP_GRACE);
        LOG.info("killed {}", name);
    }

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    public synchronized void freeze() {
        signal("STOP");
        awaitEveryThreadStopped();
    }

    /**
     * kill(2) returns before every thread of the target has stopped, so a request sent at once could still
     * be answered: wait until the kernel reports each of the process's threads stopped ({@code T} in
     * /proc/PID/task/TID/stat), at most 5 s.
     */
    private void awaitEveryThreadStopped() {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (!everyThreadStopped(tasks)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " did not stop within 5 s of SIGSTOP");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static boolean everyThreadStopped(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2); // after "pid (comm) "
                    return state == 'T' || state == 't';
                } catch (IOException e) {
                    return true; // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tasks, e);
        }
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        signal("CONT");
    }

    /** Stops (if running) and starts again with the same command line. */
    public synchronized void restart() {
        if (isAlive()) {
            thaw(); // a frozen process cannot act on SIGTERM
        }
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        if (isAlive()) {
            thaw(); // a frozen process cannot act on SIGTERM
            stop();
        }
    }

    /**
     * Kills the child if the test JVM exits without closing it (a crash, a Ctrl-C), so no server
     * outlives the build. One hook per process object, registered on its first start.
     */
    private void registerOrphanGuard() {
        if (orphanGuardRegistered) {
            return;
        }
        orphanGuardRegistered = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process current = process;
            if (current != null && current.isAlive()) {
                current.destroyForcibly();
            }
        }, "testkit-reaper-" + name));
    }

    private void signal(String signal) {
        if (!isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        LOG.info("sent SIG{} to {}", signal, name);
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
