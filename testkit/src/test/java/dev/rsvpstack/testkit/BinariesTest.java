package dev.rsvpstack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class BinariesTest {
    @Test
    void missing_binary_fails_naming_the_command_that_installs_it() {
        assertThatThrownBy(() -> Binaries.require("rsvp-stack-no-such-server", "rsvp-stack-no-such-package"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'rsvp-stack-no-such-server' is not installed")
                .hasMessageContaining("apt-get install -y rsvp-stack-no-such-package");
    }

    @Test
    void installed_binary_is_found_as_an_executable_path() {
        assertThat(Binaries.require("sh", "dash")).satisfies(path -> assertThat(Files.isExecutable(path)).isTrue());
    }
}
