package dev.rsvpstack.launchers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged launcher ({@code target/rsvp-stack.jar}) run as a real process, output to a log file. */
final class LauncherProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "rsvp-stack.jar");
    private final Process process;
    private final Path log;

    private LauncherProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LauncherProcess start(String name, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the package phase builds it before the ITs run");
        }
        Path log = Files.createDirectories(Path.of("target", "launcher-logs")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new LauncherProcess(process, log);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, without waiting: for a test that measures how long the exit takes. */
    void signal() {
        process.destroy();
    }

    /** SIGTERM, then the exit code (waiting at most {@code seconds}); -1 if it did not exit. */
    int terminate(int seconds) throws InterruptedException {
        process.destroy();
        return waitFor(seconds);
    }

    int waitFor(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
