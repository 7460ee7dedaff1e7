package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RsvpStackCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Execution.commandLine();
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
                        "--poll-interval", "RSVP_WEB_POLL_INTERVAL", "--log-level", "RSVP_LOG_LEVEL",
                        "--log-format", "RSVP_LOG_FORMAT");
    }

    @Test
    void top_level_help_documents_every_exit_code() {
        run("--help");

        assertThat(out.toString()).contains("Exit codes:", "143");
        for (String code : ExitCodes.DESCRIPTIONS) {
            assertThat(out.toString()).contains(code.substring(0, code.indexOf(':')));
        }
    }

    @Test
    void top_level_help_gives_each_subcommand_one_complete_line() {
        run("--help");

        List<String> commands = out.toString().lines().dropWhile(line -> !line.equals("Commands:")).skip(1)
                .takeWhile(line -> !line.isBlank()).toList();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(line -> assertThat(line).as("a name, then a sentence").matches("  \\S+\\s+\\S.*\\.$"));
        assertThat(commands).anySatisfy(line -> assertThat(line).startsWith("  status "));
    }

    @Test
    void a_zero_etcd_startup_timeout_is_a_configuration_error_with_exit_code_2() {
        int exitCode = run("sidekick", "--etcd-endpoints", "http://127.0.0.1:2379", "--etcd-startup-timeout", "0s",
                "--service", "memcached", "--instance", "1", "--address", "127.0.0.1");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--etcd-startup-timeout must be positive, was PT0S");
    }

    @Test
    void out_of_range_port_is_a_configuration_error_with_exit_code_2() {
        int exitCode = run("demo", "--port", "70000");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("port must be 0 to 65535, was 70000");
    }

    @Test
    void unknown_log_level_is_a_configuration_error_with_exit_code_2() {
        int exitCode = run("--log-level", "LOUD", "demo");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--log-level must be TRACE, DEBUG, INFO, WARN or ERROR, was 'LOUD'");
    }

    @Test
    void malformed_poll_interval_is_rejected_with_the_accepted_forms() {
        int exitCode = run("demo", "--poll-interval", "soon");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void every_invalid_or_missing_option_of_web_is_named_in_one_message_then_the_usage() {
        int exitCode = run("web", "--port", "70000", "--policy", "sometimes", "--log-format", "xml");

        assertThat(exitCode).isEqualTo(2);
        String message = err.toString();
        assertThat(message).contains("invalid configuration (", "--log-format must be text or json, was 'xml'");
        assertThat(message.substring(0, message.indexOf("Usage:"))).contains(
                "port must be 0 to 65535, was 70000", "--policy must be reload or exit, was 'sometimes'",
                "--couchbase-password-file is required", "--session-secret-file is required", "no etcd");
        assertThat(message).contains("Usage: rsvp-stack web");
    }

    @Test
    void parse_errors_and_invalid_settings_are_named_together() {
        int exitCode = run("sidekick", "--ttl", "soon", "--probe", "ping", "--bogus");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString().substring(0, err.toString().indexOf("Usage:"))).contains(
                "'soon' is not a duration", "--bogus", "--service", "--instance", "--address", "ping", "no etcd");
    }

    @Test
    void no_subcommand_is_a_configuration_error_naming_one() {
        int exitCode = run();

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("name a subcommand");
    }

    @Test
    void completion_script_for_bash_and_zsh_completes_every_subcommand_and_option() {
        int exitCode = run("generate-completion");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("complete -F", "rsvp-stack", "bashcompinit", "status", "--etcd-endpoints",
                "--log-format", "--output");
    }
}
