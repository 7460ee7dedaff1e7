package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code rsvp-stack status} against a real etcd holding what bin/local-cluster writes: three
 * memcached and one Couchbase under leases (as their sidekicks register them), the archiver and its
 * standby in the election, and settings under /config/web/, one of them rejected.
 */
class StatusIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    /** A candidate with no work to stop: it only stands in the election. */
    private static final LeaderListener IDLE = () -> { };

    private static Discovery cluster;
    private static final List<Registration> MEMCACHED = new ArrayList<>();

    @BeforeAll
    static void populate_like_the_local_cluster() throws Exception {
        cluster = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).build();
        for (int i = 1; i <= 3; i++) {
            MEMCACHED.add(cluster.register(RegistrationRequest.builder("memcached", Integer.toString(i),
                    "127.0.0.1:" + (11210 + 2 * i)).ttl(Duration.ofSeconds(8)).build()));
        }
        cluster.register(RegistrationRequest.builder("couchbase", "1", "127.0.0.1:11210").ttl(Duration.ofSeconds(8))
                .build());
        LeaderElection first = cluster.leaderElection("archiver", "archiver-1", Duration.ofSeconds(8), IDLE);
        await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
        cluster.leaderElection("archiver", "archiver-2", Duration.ofSeconds(8), IDLE);
        ETCD.put("/config/web/poll-interval", "2s");
        ETCD.put("/config/web/latest-limit", "many");
        ETCD.put("/config/web/colour", "blue");
        await().atMost(Duration.ofSeconds(10)).until(() -> run("--output", "json").out().contains("archiver-2"));
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Execution.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("status", "--etcd-endpoints", endpoints()));
        args.addAll(List.of(options));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static String endpoints() {
        return ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    @Test
    void text_shows_instances_with_leases_the_leader_and_standby_and_config_beside_defaults() {
        Result result = run();

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("memcached\\s+1\\s+127\\.0\\.0\\.1:11212\\s+[1-8]s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("memcached\\s+3\\s+127\\.0\\.0\\.1:11216\\s+[1-8]s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("couchbase\\s+1\\s+127\\.0\\.0\\.1:11210\\s+[1-8]s"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("archiver\\s+archiver-1\\s+[1-8]s\\s+archiver-2"));
        assertThat(lines).as("each etcd member with its view of the leader")
                .anySatisfy(line -> assertThat(line).matches("http://127\\.0\\.0\\.1:\\d+\\s+yes\\s+\\d+"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("/config/web/poll-interval\\s+2s\\s+5s\\s+set"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("/config/web/latest-limit\\s+many\\s+10\\s+REJECTED: .*invalid integer 'many'.*"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("/config/web/chart-minutes\\s+-\\s+\\d+\\s+default"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("/config/web/colour\\s+blue\\s+-\\s+UNKNOWN: .*"));
        assertThat(lines).last().asString().startsWith("every required service has an instance");
        assertThat(result.out()).as("logs go to stderr, never into the report").doesNotContain("INFO");
    }

    @Test
    void json_has_the_same_facts_for_scripts() throws Exception {
        Result result = run("--output", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines()).hasSize(1);
        JsonNode report = new ObjectMapper().readTree(result.out());
        JsonNode memcached = service(report, "memcached");
        assertThat(memcached.path("required").asBoolean()).isTrue();
        assertThat(memcached.path("instances")).hasSize(3);
        assertThat(memcached.path("instances").get(0).path("address").asText()).isEqualTo("127.0.0.1:11212");
        assertThat(memcached.path("instances").get(0).path("leaseSecondsLeft").asLong()).isBetween(1L, 8L);
        JsonNode archiver = report.path("elections").get(0);
        assertThat(archiver.path("name").asText()).isEqualTo("archiver");
        assertThat(archiver.path("leader").asText()).isEqualTo("archiver-1");
        assertThat(archiver.path("standbys").get(0).asText()).isEqualTo("archiver-2");
        assertThat(setting(report, "latest-limit").path("state").asText()).isEqualTo("rejected");
        assertThat(setting(report, "poll-interval").path("value").asText()).isEqualTo("2s");
        assertThat(setting(report, "colour").path("state").asText()).isEqualTo("unknown");
        assertThat(report.path("missing")).isEmpty();
        assertThat(report.path("etcdMembers").get(0).path("quorum").asText()).isEqualTo("HAS_LEADER");
    }

    @Test
    void a_required_service_without_instances_exits_5_naming_it() throws Exception {
        Result withExtra = run("--required-services", "couchbase,memcached,search");

        assertThat(withExtra.exitCode()).isEqualTo(ExitCodes.STATUS_INCOMPLETE);
        assertThat(withExtra.out()).contains("MISSING: service search has no instance under /services/search/");
        assertThat(withExtra.out().lines()).anySatisfy(line -> assertThat(line).matches("search\\s+-\\s+-\\s+-\\s+MISSING.*"));
    }

    @Test
    void watch_prints_again_when_a_memcached_node_leaves() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Execution.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        Thread watcher = new Thread(() -> commandLine.execute("status", "--etcd-endpoints", endpoints(), "--watch",
                "--output", "json"), "status-watch");
        watcher.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().lines().count() == 1);
            Registration third = MEMCACHED.get(2);
            third.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().lines().count() >= 2);
            JsonNode latest = new ObjectMapper().readTree(out.toString().lines().reduce((a, b) -> b).orElseThrow());
            assertThat(service(latest, "memcached").path("instances")).hasSize(2);
        } finally {
            watcher.interrupt();
            watcher.join(TimeUnit.SECONDS.toMillis(10));
            MEMCACHED.set(2, cluster.register(RegistrationRequest.builder("memcached", "3", "127.0.0.1:11216")
                    .ttl(Duration.ofSeconds(8)).build()));
            await().atMost(Duration.ofSeconds(10)).until(() -> run().out().contains("127.0.0.1:11216"));
        }
    }

    private static JsonNode service(JsonNode report, String name) {
        for (JsonNode service : report.path("services")) {
            if (service.path("name").asText().equals(name)) {
                return service;
            }
        }
        throw new AssertionError("no service " + name + " in " + report);
    }

    private static JsonNode setting(JsonNode report, String name) {
        for (JsonNode setting : report.path("config")) {
            if (setting.path("name").asText().equals(name)) {
                return setting;
            }
        }
        throw new AssertionError("no setting " + name + " in " + report);
    }
}
