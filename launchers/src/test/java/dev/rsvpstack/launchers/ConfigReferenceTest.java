package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void docs_configuration_md_matches_the_options_in_the_code() throws Exception {
        String generated = ConfigReferenceCommand.render();

        assertThat(Files.readString(REFERENCE))
                .as("docs/configuration.md is stale: regenerate it with "
                        + "'bin/rsvp-stack config-reference > docs/configuration.md'")
                .isEqualTo(generated);
    }

    @Test
    void every_documented_option_names_its_environment_variable() {
        String generated = ConfigReferenceCommand.render();

        assertThat(generated.lines().filter(line -> line.startsWith("| `--")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("\\| `--[a-z-]+` \\| `RSVP_[A-Z_]+` \\|.*"));
    }
}
