package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusReportTest {
    private static KeyspaceEntry leased(String key, String value, long created) {
        return new KeyspaceEntry(key, value, created, Optional.of(Duration.ofSeconds(6)));
    }

    private static StatusReport report(List<KeyspaceEntry> services, List<KeyspaceEntry> elections,
                                       List<KeyspaceEntry> config) {
        return report(services, elections, config, List.of());
    }

    private static StatusReport report(List<KeyspaceEntry> services, List<KeyspaceEntry> elections,
                                       List<KeyspaceEntry> config, List<EtcdMemberStatus> members) {
        return StatusReport.of(new KeyspaceListing(9, services, elections, config), members,
                Set.of("couchbase", "memcached"), Set.of("archiver"));
    }

    @Test
    void an_etcd_member_without_a_leader_makes_the_status_incomplete_and_is_shown() {
        URI cut = URI.create("http://10.0.0.2:2379");
        StatusReport report = report(List.of(leased("/services/memcached/1", "h", 1),
                leased("/services/couchbase/1", "h", 2)), List.of(leased("/elections/archiver/7", "a-1", 4)), List.of(),
                List.of(new EtcdMemberStatus(URI.create("http://10.0.0.1:2379"), EtcdMemberStatus.Quorum.HAS_LEADER, 9),
                        new EtcdMemberStatus(cut, EtcdMemberStatus.Quorum.NO_LEADER, 0)));

        assertThat(report.complete()).isFalse();
        assertThat(report.missing()).singleElement().asString().startsWith("etcd member " + cut + " has no leader");
        assertThat(StatusText.render(report, "x")).containsPattern("http://10.0.0.2:2379 +NONE");
    }

    @Test
    void a_value_services_cannot_parse_is_flagged_and_does_not_count_as_an_instance() {
        StatusReport report = report(List.of(leased("/services/memcached/1", "not an address", 2),
                leased("/services/couchbase/1", "10.0.0.5", 3)), List.of(leased("/elections/archiver/7", "a-1", 4)),
                List.of());

        StatusReport.Service memcached = report.services().stream().filter(s -> s.name().equals("memcached"))
                .findFirst().orElseThrow();
        assertThat(memcached.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.address()).isEqualTo("not an address");
            assertThat(instance.problem()).startsWith("ignored by services");
        });
        assertThat(report.missing()).containsExactly("service memcached has no instance under /services/memcached/");
        assertThat(report.services().stream().filter(s -> s.name().equals("couchbase")).findFirst().orElseThrow()
                .instances().get(0).address()).as("the default port is added as services add it")
                .isEqualTo("10.0.0.5:11210");
    }

    @Test
    void the_oldest_candidate_leads_and_the_others_stand_by_in_age_order() {
        StatusReport report = report(List.of(), List.of(leased("/elections/archiver/c", "a-3", 30),
                leased("/elections/archiver/a", "a-1", 10), leased("/elections/archiver/b", "a-2", 20)), List.of());

        assertThat(report.elections()).singleElement().satisfies(election -> {
            assertThat(election.leader()).isEqualTo("a-1");
            assertThat(election.leaderLeaseSecondsLeft()).isEqualTo(6L);
            assertThat(election.standbys()).containsExactly("a-2", "a-3");
        });
    }

    @Test
    void a_required_election_without_candidates_is_missing_its_leader() {
        StatusReport report = report(List.of(leased("/services/memcached/1", "h", 1),
                leased("/services/couchbase/1", "h", 2)), List.of(), List.of());

        assertThat(report.complete()).isFalse();
        assertThat(report.missing()).containsExactly("election archiver has no leader");
    }

    @Test
    void config_shows_every_known_key_with_its_default_and_flags_rejected_and_unknown_values() {
        KeyspaceEntry bad = new KeyspaceEntry("/config/web/latest-limit", "5000", 1, Optional.empty());
        KeyspaceEntry good = new KeyspaceEntry("/config/web/poll-interval", "2s", 2, Optional.empty());
        KeyspaceEntry unknown = new KeyspaceEntry("/config/archiver/colour", "blue", 3, Optional.empty());

        List<StatusReport.Setting> config = report(List.of(), List.of(), List.of(bad, good, unknown)).config();

        assertThat(config).contains(
                new StatusReport.Setting("web", "poll-interval", "2s", "5s", "set", null),
                new StatusReport.Setting("web", "chart-minutes", null, "30", "default", null),
                new StatusReport.Setting("archiver", "colour", "blue", null, "unknown",
                        "no service reads /config/archiver/colour"));
        assertThat(config).filteredOn(s -> s.name().equals("latest-limit")).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo("rejected");
            assertThat(s.problem()).contains("1..1000", "last good value");
        });
    }

    @Test
    void the_front_door_shows_each_web_instance_beside_what_haproxy_has_and_names_what_is_out_of_step() {
        StatusReport report = report(List.of(leased("/services/web/web-1", "10.0.0.71:3000", 2),
                leased("/services/web/web-2", "10.0.0.72:3000", 3), leased("/services/web/web-4", "10.0.0.74:3000", 4)),
                List.of(), List.of()).withFrontDoor("web", "web", List.of(
                        new HaproxyRuntime.Server("web-1", "10.0.0.71", 3000, 2, 0),
                        new HaproxyRuntime.Server("web-2", "10.0.0.99", 3000, 0, 0),
                        new HaproxyRuntime.Server("web-3", "10.0.0.73", 3000, 2, 1)), null);

        assertThat(report.frontDoor().rows()).containsExactly(
                new StatusReport.FrontDoorRow("web-1", "10.0.0.71:3000", "10.0.0.71:3000", "UP", null),
                new StatusReport.FrontDoorRow("web-2", "10.0.0.72:3000", "10.0.0.99:3000", "DOWN",
                        "addresses differ: lb-sync moves it"),
                new StatusReport.FrontDoorRow("web-3", null, "10.0.0.73:3000", "MAINT", "not registered: lb-sync takes it out"),
                new StatusReport.FrontDoorRow("web-4", "10.0.0.74:3000", null, null, "not in HAProxy (is lb-sync running?)"));
        assertThat(StatusText.render(report, "http://etcd:2379"))
                .contains("WEB INSTANCE  IN ETCD         IN HAPROXY (web)  HAPROXY STATE  NOTE")
                .contains("web-1         10.0.0.71:3000  10.0.0.71:3000    UP");
    }

    @Test
    void an_unreachable_haproxy_is_named_and_the_instances_from_etcd_are_still_listed() {
        StatusReport report = report(List.of(leased("/services/web/web-1", "10.0.0.71:3000", 2)), List.of(), List.of())
                .withFrontDoor("web", "web", List.of(), "HAProxy's stats socket /run/x.sock: connection refused");

        assertThat(report.frontDoor().rows()).containsExactly(
                new StatusReport.FrontDoorRow("web-1", "10.0.0.71:3000", null, null, null));
        assertThat(StatusText.render(report, "http://etcd:2379"))
                .contains("HAProxy: HAProxy's stats socket /run/x.sock: connection refused");
    }
}
