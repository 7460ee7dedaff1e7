package dev.rsvpstack.launchers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Secrets come from files (mounted secrets), never from the command line, where `ps` would show them. */
final class Secrets {
    private Secrets() {
    }

    /** @throws IllegalArgumentException naming the option when no file is given */
    static void requireFile(Path file, String option) {
        if (file == null) {
            throw new IllegalArgumentException(option + " is required");
        }
    }

    /**
     * @throws IllegalArgumentException     naming the option when no file is given
     * @throws UnreadableSecretException naming the option when the file is missing, unreadable or empty
     */
    static String read(Path file, String option) {
        requireFile(file, option);
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new UnreadableSecretException(option + ": " + file + " is empty", null);
            }
            return secret;
        } catch (IOException e) {
            throw new UnreadableSecretException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * One secret a line, blank lines ignored: for rotation, the first is current and the rest are
     * older ones still accepted.
     *
     * @throws IllegalArgumentException     naming the option when no file is given
     * @throws UnreadableSecretException naming the option when the file is missing, unreadable or empty
     */
    static List<String> readLines(Path file, String option) {
        return read(file, option).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
