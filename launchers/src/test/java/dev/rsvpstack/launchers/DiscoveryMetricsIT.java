package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * discovery-lib's meters on the {@code /metrics} an operator scrapes, for each subcommand that uses
 * discovery and serves metrics: the packaged launcher as a real process on a real etcd, scraped over
 * HTTP, with garbage put under a key it watches.
 */
class DiscoveryMetricsIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);
    /** Prometheus names of discovery.etcd.reachable and discovery.entries.invalid. */
    private static final Pattern REACHABLE = Pattern.compile("(?m)^discovery_etcd_reachable(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern INVALID = Pattern.compile("(?m)^discovery_entries_invalid_total(?:\\{[^}]*})? (\\S+)$");
    private static final Duration START = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @AfterEach
    void removeServices() {
        ETCD.deletePrefix("/services/");
    }

    private static String endpoints() {
        return ETCD.endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void web_metrics_show_discovery_meters_and_count_garbage_under_a_watched_key() throws Exception {
        ETCD.put("/services/memcached/1", "127.0.0.1:" + MEMCACHED.node(0).address().getPort()); // web waits for one
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        try (LauncherProcess web = LauncherProcess.start("web-discovery-metrics", "web",
                "--etcd-endpoints", endpoints(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--management-port", Integer.toString(managementPort),
                "--couchbase-password-file", file("couchbase-password", "secret\n").toString(),
                "--session-secret-file", file("session-secret", "session secret\n").toString())) {
            assertDiscoveryMetersCountGarbage(web, URI.create("http://127.0.0.1:" + managementPort + "/metrics"));
        }
    }

    @Test
    void archiver_metrics_show_discovery_meters_and_count_garbage_under_a_watched_key() throws Exception {
        int statusPort = FreePorts.next();
        try (LauncherProcess archiver = LauncherProcess.start("archiver-discovery-metrics", "archiver",
                "--etcd-endpoints", endpoints(), "--status-host", "127.0.0.1",
                "--status-port", Integer.toString(statusPort), "--candidate-id", "metrics-it",
                // nobody listens there: the leader must not join a stream another test on this machine runs
                "--source", "ws://127.0.0.1:" + FreePorts.next() + "/2/rsvps",
                "--spool-dir", dir.resolve("spool").toString(),
                "--couchbase-password-file", file("couchbase-password", "secret\n").toString())) {
            assertDiscoveryMetersCountGarbage(archiver,
                    URI.create("http://127.0.0.1:" + statusPort + "/metrics"));
        }
    }

    private void assertDiscoveryMetersCountGarbage(LauncherProcess launcher, URI metrics) throws Exception {
        String first = await().atMost(START)
                .failFast("the launcher exited (its log is in target/launcher-logs/)", () -> !launcher.isAlive())
                .ignoreExceptions().until(() -> scrape(metrics), text -> text.contains("discovery_"));
        assertThat(value(REACHABLE, first)).as("discovery_etcd_reachable in\n%s", first).hasValue(1.0);
        OptionalDouble before = value(INVALID, first);
        assertThat(before).as("discovery_entries_invalid_total in\n%s", first).isPresent();

        // /services/couchbase/ is watched by both subcommands; the value is no address
        ETCD.put("/services/couchbase/garbage", "not an address");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(value(INVALID, scrape(metrics)).orElse(-1))
                        .as("discovery_entries_invalid_total after the garbage").isGreaterThan(before.getAsDouble()));
        assertThat(launcher.output()).contains("ignoring /services/couchbase/garbage = 'not an address'");
    }

    private String scrape(URI metrics) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", metrics).isEqualTo(200);
        return response.body();
    }

    private static OptionalDouble value(Pattern meter, String metrics) {
        Matcher matcher = meter.matcher(metrics);
        return matcher.find() ? OptionalDouble.of(Double.parseDouble(matcher.group(1))) : OptionalDouble.empty();
    }
}
