package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RsvpStackCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new RsvpStackCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void demo_help_lists_every_option_with_its_environment_variable() {
        int exitCode = run("demo", "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("--host", "RSVP_WEB_HOST", "--port", "RSVP_WEB_PORT", "--rate", "RSVP_SIM_RATE",
                        "--poll-interval", "RSVP_WEB_POLL_INTERVAL", "--log-level", "RSVP_LOG_LEVEL");
    }

    @Test
    void top_level_help_documents_the_exit_codes() {
        run("--help");

        assertThat(out.toString()).contains("Exit codes:", "143");
    }

    @Test
    void out_of_range_port_is_a_configuration_error_with_exit_code_2() {
        int exitCode = run("demo", "--port", "70000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("port must be 0 to 65535, was 70000");
    }

    @Test
    void unknown_log_level_is_a_configuration_error_with_exit_code_2() {
        int exitCode = run("--log-level", "LOUD", "demo", "--help");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--log-level must be TRACE, DEBUG, INFO, WARN or ERROR, was 'LOUD'");
    }

    @Test
    void malformed_poll_interval_is_rejected_with_the_accepted_forms() {
        int exitCode = run("demo", "--poll-interval", "soon");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }
}
