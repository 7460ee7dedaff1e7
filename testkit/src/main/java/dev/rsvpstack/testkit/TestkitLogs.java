package dev.rsvpstack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where servers started by the testkit write their logs and data: under the module's {@code target/}. */
public final class TestkitLogs {
    private TestkitLogs() {
    }

    /** {@code target/testkit/<name>}, created if missing. */
    public static Path dir(String name) {
        Path dir = Path.of(System.getProperty("testkit.dir", "target/testkit")).toAbsolutePath().resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
