package dev.rsvpstack.testkit.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server log, so a failed start says why without opening the file. */
final class LogTail {
    private LogTail() {
    }

    static String of(Path logFile, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    static boolean mentions(Path logFile, String text) {
        try {
            return Files.exists(logFile) && new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    .toLowerCase(java.util.Locale.ROOT).contains(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            return false;
        }
    }
}
