package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated completion script, loaded into a real bash, completes subcommands and their options. */
class CompletionIT {
    @TempDir
    Path dir;

    private String complete(Path script, String... words) throws Exception {
        String array = String.join(" ", words);
        String probe = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + array + "'; _complete_rsvp-stack 2>/dev/null; "
                + "echo \"${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void bash_completes_a_subcommand_and_its_options_from_the_generated_script() throws Exception {
        StringWriter out = new StringWriter();
        var commandLine = Execution.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("generate-completion")).isZero();
        Path script = Files.writeString(dir.resolve("rsvp-stack"), out.toString());

        assertThat(complete(script, "rsvp-stack", "sta")).isEqualTo("status");
        assertThat(complete(script, "rsvp-stack", "status", "--out")).isEqualTo("--output");
        assertThat(complete(script, "rsvp-stack", "web", "--etcd-e")).isEqualTo("--etcd-endpoints");
    }
}
