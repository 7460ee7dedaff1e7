package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.discovery.EtcdMemberStatus;
import dev.rsvpstack.discovery.KeyspaceEntry;
import dev.rsvpstack.discovery.KeyspaceListing;
import dev.rsvpstack.discovery.ServiceKeys;
import dev.rsvpstack.discovery.StaticDiscovery;
import dev.rsvpstack.web.WebConfigKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code rsvp-stack status} shows, built from one {@link KeyspaceListing}: instances with their
 * lease time, elections with leader and standbys, the configuration in force beside its defaults.
 * Records, so Jackson writes the JSON form as is.
 *
 * @param revision  the etcd revision the report reflects
 * @param services  every service registered or required, by name
 * @param elections every election with a candidate, or required
 * @param config    every known setting (in force or default) and every unknown key found
 * @param missing   required services without an instance, required elections without a leader, and
 *                  etcd members without a leader
 * @param etcdMembers what each etcd member says of the leader (a member cut off from its peers has none)
 * @param frontDoor the web instances beside what HAProxy has for each, or null when not asked for
 */
record StatusReport(long revision, List<Service> services, List<Election> elections, List<Setting> config,
                    List<String> missing, List<EtcdMemberStatus> etcdMembers, FrontDoor frontDoor) {
    /** The settings each service reads from {@code /config/<service>/}, with their types and defaults. */
    static final Map<String, List<ConfigKey<?>>> KNOWN_CONFIG = Map.of(WebConfigKeys.SERVICE, WebConfigKeys.ALL);
    /** How discovery reads a value that names no port. */
    static final Map<String, Integer> DEFAULT_PORTS = SidekickCommand.DEFAULT_PORTS;

    record Service(String name, boolean required, List<Instance> instances) {
    }

    /**
     * @param address          {@code host:port} as services read it, or the raw value when it does not parse
     * @param leaseSecondsLeft null for a key without a lease
     * @param problem          why services ignore this value, or null
     */
    record Instance(String id, String address, Long leaseSecondsLeft, String problem) {
    }

    record Election(String name, boolean required, String leader, Long leaderLeaseSecondsLeft, List<String> standbys) {
    }

    /**
     * @param value   the value in etcd, or null when the key is absent (the default applies)
     * @param state   {@code default}, {@code set}, {@code rejected} (services keep their last good value)
     *                or {@code unknown} (no service reads it)
     * @param problem why a value is rejected or unknown, or null
     */
    record Setting(String service, String name, String value, String defaultValue, String state, String problem) {
    }

    /**
     * The front door: what etcd has under {@code /services/web/} beside what HAProxy's backend has.
     *
     * @param backend the HAProxy backend
     * @param problem why HAProxy could not be asked, or null
     * @param rows    one per instance in etcd or server in HAProxy, by name
     */
    record FrontDoor(String backend, String problem, List<FrontDoorRow> rows) {
    }

    /**
     * @param name    the instance id, which lb-sync uses as the server's name
     * @param etcd    its address in etcd, or null when not registered
     * @param haproxy its address in HAProxy, or null when HAProxy has no such server
     * @param state   HAProxy's state ({@code UP}, {@code DOWN}, {@code MAINT}, ...), or null
     * @param note    what is out of step, or null
     */
    record FrontDoorRow(String name, String etcd, String haproxy, String state, String note) {
    }

    /** This report with the front door: {@code instances} from etcd beside {@code servers} from HAProxy. */
    StatusReport withFrontDoor(String backend, String service, List<HaproxyRuntime.Server> servers, String problem) {
        Map<String, String> registered = new java.util.TreeMap<>();
        services.stream().filter(s -> s.name().equals(service)).flatMap(s -> s.instances().stream())
                .filter(i -> i.problem() == null).forEach(i -> registered.put(i.id(), i.address()));
        Map<String, HaproxyRuntime.Server> inHaproxy = new java.util.TreeMap<>();
        servers.forEach(server -> inHaproxy.put(server.name(), server));
        TreeSet<String> names = new TreeSet<>(registered.keySet());
        names.addAll(inHaproxy.keySet());
        List<FrontDoorRow> rows = new ArrayList<>();
        for (String name : names) {
            String etcd = registered.get(name);
            HaproxyRuntime.Server server = inHaproxy.get(name);
            String note = null;
            if (problem == null && server == null) {
                note = "not in HAProxy (is lb-sync running?)";
            } else if (etcd == null && server != null) {
                note = "not registered: lb-sync takes it out";
            } else if (server != null && !server.hostAndPort().equals(etcd)) {
                note = "addresses differ: lb-sync moves it";
            }
            rows.add(new FrontDoorRow(name, etcd, server == null ? null : server.hostAndPort(),
                    server == null ? null : server.describe(), note));
        }
        return new StatusReport(revision, services, elections, config, missing, etcdMembers,
                new FrontDoor(backend, problem, rows));
    }

    boolean complete() {
        return missing.isEmpty();
    }

    static StatusReport of(KeyspaceListing listing, List<EtcdMemberStatus> members, Set<String> requiredServices,
                           Set<String> requiredElections) {
        List<String> missing = new ArrayList<>();
        List<Service> services = services(listing, requiredServices, missing);
        List<Election> elections = elections(listing, requiredElections, missing);
        members.stream().filter(member -> member.quorum() == EtcdMemberStatus.Quorum.NO_LEADER)
                .forEach(member -> missing.add("etcd member " + member.endpoint() + " has no leader (cut off from its "
                        + "peers?): its clients see nothing new until it rejoins"));
        return new StatusReport(listing.revision(), services, elections, config(listing), missing, List.copyOf(members),
                null);
    }

    private static List<Service> services(KeyspaceListing listing, Set<String> required, List<String> missing) {
        Map<String, List<Instance>> byService = new LinkedHashMap<>();
        new TreeSet<>(required).forEach(name -> byService.put(name, new ArrayList<>()));
        for (KeyspaceEntry entry : listing.services()) {
            String service = entry.segmentAfter(ServiceKeys.SERVICES_ROOT);
            byService.computeIfAbsent(service, s -> new ArrayList<>()).add(instance(service, entry));
        }
        List<Service> services = new ArrayList<>();
        byService.forEach((name, instances) -> {
            services.add(new Service(name, required.contains(name), instances));
            if (required.contains(name) && instances.stream().noneMatch(i -> i.problem() == null)) {
                missing.add("service " + name + " has no instance under " + ServiceKeys.servicePrefix(name));
            }
        });
        services.sort(java.util.Comparator.comparing(Service::name));
        return services;
    }

    private static Instance instance(String service, KeyspaceEntry entry) {
        Long left = entry.leaseRemaining().map(Duration::toSeconds).orElse(null);
        try {
            // parsed exactly as services parse it, so what is shown is what they use
            String address = StaticDiscovery.builder().defaultPort(service, DEFAULT_PORTS.getOrDefault(service, 0))
                    .service(service, entry.value()).build().lookup(service).hostsAndPorts().get(0);
            return new Instance(entry.lastSegment(), address, left, null);
        } catch (RuntimeException e) {
            return new Instance(entry.lastSegment(), entry.value(), left, "ignored by services: " + e.getMessage());
        }
    }

    private static List<Election> elections(KeyspaceListing listing, Set<String> required, List<String> missing) {
        Map<String, List<KeyspaceEntry>> byName = new LinkedHashMap<>();
        new TreeSet<>(required).forEach(name -> byName.put(name, new ArrayList<>()));
        // the listing orders each election's candidates by creation: the first leads
        listing.elections().forEach(entry ->
                byName.computeIfAbsent(entry.segmentAfter(ServiceKeys.ELECTIONS_ROOT), n -> new ArrayList<>()).add(entry));
        List<Election> elections = new ArrayList<>();
        byName.forEach((name, candidates) -> {
            if (candidates.isEmpty()) {
                missing.add("election " + name + " has no leader");
                elections.add(new Election(name, required.contains(name), null, null, List.of()));
                return;
            }
            KeyspaceEntry leader = candidates.get(0);
            elections.add(new Election(name, required.contains(name), leader.value(),
                    leader.leaseRemaining().map(Duration::toSeconds).orElse(null),
                    candidates.subList(1, candidates.size()).stream().map(KeyspaceEntry::value).toList()));
        });
        elections.sort(java.util.Comparator.comparing(Election::name));
        return elections;
    }

    private static List<Setting> config(KeyspaceListing listing) {
        Map<String, String> raw = new LinkedHashMap<>();
        listing.config().forEach(entry -> raw.put(entry.key(), entry.value()));
        List<Setting> settings = new ArrayList<>();
        new TreeSet<>(KNOWN_CONFIG.keySet()).forEach(service -> {
            for (ConfigKey<?> key : KNOWN_CONFIG.get(service)) {
                String value = raw.remove(ServiceKeys.configPrefix(service) + key.name());
                settings.add(setting(service, key, value));
            }
        });
        raw.forEach((key, value) -> {
            String rest = key.substring(ServiceKeys.CONFIG_ROOT.length());
            int slash = rest.indexOf('/');
            String service = slash < 0 ? rest : rest.substring(0, slash);
            settings.add(new Setting(service, slash < 0 ? "" : rest.substring(slash + 1), value, null, "unknown",
                    "no service reads " + key));
        });
        return settings;
    }

    private static Setting setting(String service, ConfigKey<?> key, String value) {
        String defaultValue = text(key.defaultValue());
        if (value == null) {
            return new Setting(service, key.name(), null, defaultValue, "default", null);
        }
        try {
            key.parse(value);
            return new Setting(service, key.name(), value, defaultValue, "set", null);
        } catch (IllegalArgumentException e) {
            return new Setting(service, key.name(), value, defaultValue, "rejected", e.getMessage()
                    + "; services keep their last good value");
        }
    }

    /** A default as an operator would write it in etcd: 5s, not PT5S; a list comma-separated. */
    private static String text(Object value) {
        if (value instanceof Duration duration) {
            return duration.toMillis() % 1000 != 0 ? duration.toMillis() + "ms"
                    : duration.toSeconds() % 60 != 0 || duration.isZero() ? duration.toSeconds() + "s"
                    : duration.toMinutes() + "m";
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
