package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void a_secret_file_of_several_lines_gives_the_current_secret_first_and_the_older_ones_after() throws Exception {
        Path file = Files.writeString(dir.resolve("session-secret"), "new secret\n\n  old secret  \n");

        assertThat(Secrets.readLines(file, "--session-secret-file")).containsExactly("new secret", "old secret");
    }

    @Test
    void an_empty_secret_file_is_an_unreadable_secret_naming_the_option() throws Exception {
        Path file = Files.writeString(dir.resolve("empty"), "\n  \n");

        assertThatThrownBy(() -> Secrets.readLines(file, "--session-secret-file"))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("--session-secret-file")
                .hasMessageContaining("is empty");
    }
}
