package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher failing the way operators meet it: each expected failure is one clear line
 * and a documented exit code, every line of the log one event, in text and in JSON.
 */
class StartFailureIT {
    /** {@code 2026-11-29T22:31:40.123Z INFO  [main] logger - message}: the text format, one event a line. */
    private static final String TEXT_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
            + "(TRACE|DEBUG|INFO |WARN |ERROR) \\[[^]]+] \\S+ - .*";

    @TempDir
    Path dir;

    private String[] web(String etcdPort, String... more) throws Exception {
        Path password = Files.writeString(dir.resolve("couchbase-password"), "secret\n");
        Path secret = Files.writeString(dir.resolve("session-secret"), "session secret\n");
        List<String> args = new java.util.ArrayList<>(List.of("web", "--etcd-endpoints",
                "http://127.0.0.1:" + etcdPort, "--etcd-startup-timeout", "1s",
                "--couchbase-password-file", password.toString(), "--session-secret-file", secret.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void etcd_unreachable_at_start_is_one_error_line_after_the_version_and_exit_code_3() throws Exception {
        try (LauncherProcess web = LauncherProcess.start("web-no-etcd", web(Integer.toString(FreePorts.next())))) {
            assertThat(web.waitFor(60)).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
            List<String> lines = web.output().lines().toList();

            assertThat(lines).allSatisfy(line -> assertThat(line).matches(TEXT_LINE));
            assertThat(lines).hasSizeLessThanOrEqualTo(4); // version, gRPC's one INFO line, maybe a retry, the error
            assertThat(lines.get(0)).contains("rsvp-stack " + BuildInfoOfTheJar.read().version(), "web starting");
            assertThat(lines).filteredOn(line -> line.contains("ERROR")).singleElement().asString()
                    .contains("etcd at [http://127.0.0.1:", "did not answer within PT1S", "--etcd-endpoints");
        }
    }

    @Test
    void json_log_format_gives_one_json_object_a_line() throws Exception {
        try (LauncherProcess web = LauncherProcess.start("web-no-etcd-json",
                web(Integer.toString(FreePorts.next()), "--log-format", "json"))) {
            assertThat(web.waitFor(60)).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);
            List<String> lines = web.output().lines().toList();

            ObjectMapper json = new ObjectMapper();
            assertThat(lines).isNotEmpty().allSatisfy(line -> {
                JsonNode event = json.readTree(line);
                assertThat(event.has("@timestamp")).isTrue();
                assertThat(event.path("message").asText()).isNotBlank();
            });
            JsonNode last = json.readTree(lines.get(lines.size() - 1));
            assertThat(last.path("level").asText()).isEqualTo("ERROR");
            assertThat(last.path("message").asText()).contains("did not answer");
            assertThat(last.has("stack_trace")).as("no stack trace at INFO").isFalse();
        }
    }

    @Test
    void at_debug_the_stack_trace_follows_in_one_line() throws Exception {
        try (LauncherProcess web = LauncherProcess.start("web-no-etcd-debug",
                web(Integer.toString(FreePorts.next()), "--log-level", "DEBUG"))) {
            assertThat(web.waitFor(60)).isEqualTo(ExitCodes.DEPENDENCY_UNAVAILABLE);

            assertThat(web.output().lines()).allSatisfy(line -> assertThat(line).matches(TEXT_LINE))
                    .anySatisfy(line -> assertThat(line).contains("the stack trace:", "DiscoveryException", " | at "));
        }
    }

    @Test
    void a_port_in_use_is_one_error_line_and_exit_code_4() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LauncherProcess sim = LauncherProcess.start("sim-port-in-use", "sim", "--port",
                     Integer.toString(taken.getLocalPort()))) {
            assertThat(sim.waitFor(60)).isEqualTo(ExitCodes.PORT_IN_USE);
            List<String> lines = sim.output().lines().toList();

            assertThat(lines).allSatisfy(line -> assertThat(line).matches(TEXT_LINE));
            assertThat(lines).filteredOn(line -> line.contains("ERROR")).singleElement().asString()
                    .contains("sim failed: cannot listen", "--port");
        }
    }

    @Test
    void a_missing_secret_file_is_one_error_line_and_exit_code_2() throws Exception {
        String[] args = web("2379");
        args[args.length - 1] = dir.resolve("not-mounted").toString();
        try (LauncherProcess web = LauncherProcess.start("web-no-secret", args)) {
            assertThat(web.waitFor(60)).isEqualTo(ExitCodes.CONFIGURATION);
            List<String> lines = web.output().lines().toList();

            assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).matches(TEXT_LINE));
            assertThat(lines.get(1)).contains("ERROR", "--session-secret-file: cannot read", "not-mounted");
        }
    }
}
