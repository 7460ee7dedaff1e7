package dev.rsvpstack.launchers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.KeyspaceListing;
import dev.rsvpstack.discovery.KeyspaceReader;
import dev.rsvpstack.discovery.Subscription;
import dev.rsvpstack.web.WebAnnouncement;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rsvp-stack status}: the book's {@code fleetctl list-units} and {@code etcdctl ls --recursive}
 * in one view, from etcd alone. Its result goes to stdout; its log to stderr.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Shows instances, leaders and config as etcd has them.",
        description = {"Prints every instance under /services/ with its address and lease time left, the leader and",
            "standbys of each election, and the /config/ values in force beside their defaults, flagging values",
            "the services reject; with --haproxy-socket, each web instance beside what HAProxy has for it.",
            "Exits 5 when a required service has no instance or an election no leader."})
final class StatusCommand implements Callable<Integer>, Validated {
    /** A burst of changes (a sidekick re-registering, a failover) is shown once, after this quiet time. */
    private static final long QUIET_MILLIS = 300;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--output", defaultValue = "${env:RSVP_STATUS_OUTPUT:-text}",
            description = "text, or json: one JSON object (per refresh with --watch) for scripts "
                    + "(env RSVP_STATUS_OUTPUT; default ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--watch", defaultValue = "${env:RSVP_STATUS_WATCH:-false}",
            description = "Print again after every change in etcd, until Ctrl-C (env RSVP_STATUS_WATCH; "
                    + "default ${DEFAULT-VALUE}).")
    boolean watch;

    @Option(names = "--required-services", split = ",",
            defaultValue = "${env:RSVP_STATUS_REQUIRED_SERVICES:-couchbase,memcached}",
            description = "Services that must have an instance (env RSVP_STATUS_REQUIRED_SERVICES; "
                    + "default ${DEFAULT-VALUE}).")
    List<String> requiredServices;

    @Option(names = "--required-elections", split = ",",
            defaultValue = "${env:RSVP_STATUS_REQUIRED_ELECTIONS:-archiver}",
            description = "Elections that must have a leader (env RSVP_STATUS_REQUIRED_ELECTIONS; "
                    + "default ${DEFAULT-VALUE}).")
    List<String> requiredElections;

    @Option(names = "--haproxy-socket", defaultValue = "${env:RSVP_HAPROXY_SOCKET}",
            description = "Also show what HAProxy has for each web instance, asked on its admin stats socket "
                    + "(a path or host:port, as lb-sync's) (env RSVP_HAPROXY_SOCKET).")
    String haproxySocket;

    @Option(names = "--haproxy-backend", defaultValue = "${env:RSVP_HAPROXY_BACKEND:-web}",
            description = "The HAProxy backend lb-sync fills (env RSVP_HAPROXY_BACKEND; default ${DEFAULT-VALUE}).")
    String haproxyBackend;

    private boolean json;
    private HaproxyRuntime haproxy;

    @Override
    public void validate(Problems problems) {
        String format = output == null ? "" : output.trim().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            problems.add("--output must be text or json, was '" + output + "'");
        }
        json = format.equals("json");
        problems.check(etcd::check);
        if (haproxySocket != null && !haproxySocket.isBlank()) {
            HaproxySocket socket = problems.check(() -> HaproxySocket.of(haproxySocket, Duration.ofSeconds(2)));
            haproxy = socket == null ? null : new HaproxyRuntime(socket);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KeyspaceReader reader = etcd.reader()) {
            if (!watch) {
                StatusReport report = report(reader);
                print(out, report);
                return report.complete() ? ExitCodes.DONE : ExitCodes.STATUS_INCOMPLETE;
            }
            Semaphore changed = new Semaphore(0);
            Subscription watching = reader.watch(changed::release); // held open by the loop, closed after it
            try (watching) {
                while (true) {
                    if (!json) {
                        out.println("--- " + Instant.now());
                    }
                    print(out, report(reader));
                    changed.acquire();
                    while (changed.tryAcquire(QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
                        changed.drainPermits();
                    }
                }
            }
        }
    }

    private StatusReport report(KeyspaceReader reader) {
        List<EtcdMemberStatus> members = reader.members();
        KeyspaceListing listing;
        try {
            listing = reader.read();
        } catch (DiscoveryException e) {
            List<String> leaderless = members.stream()
                    .filter(member -> member.quorum() == EtcdMemberStatus.Quorum.NO_LEADER)
                    .map(member -> member.endpoint().toString()).toList();
            if (leaderless.isEmpty()) {
                throw e;
            }
            throw new DiscoveryException("etcd member(s) " + String.join(", ", leaderless) + " answer but have no "
                    + "leader (cut off from their peers?), and no member with a leader answered: give the endpoint "
                    + "of a member that has one (" + e.getMessage() + ")", e);
        }
        StatusReport report = StatusReport.of(listing, members, new LinkedHashSet<>(requiredServices),
                Set.copyOf(requiredElections));
        if (haproxy == null) {
            return report;
        }
        try {
            return report.withFrontDoor(haproxyBackend, WebAnnouncement.SERVICE, haproxy.servers(haproxyBackend), null);
        } catch (IOException e) {
            return report.withFrontDoor(haproxyBackend, WebAnnouncement.SERVICE, List.of(), e.getMessage());
        }
    }

    private void print(PrintWriter out, StatusReport report) throws JsonProcessingException {
        out.print(json ? new ObjectMapper().writeValueAsString(report) + "\n"
                : StatusText.render(report, String.join(",", etcd.endpointList().stream().map(Object::toString).toList())));
        out.flush();
    }
}
