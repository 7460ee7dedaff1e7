package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.internal.HeirPlacement;
import dev.rsvpstack.session.internal.NpmHashRing;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The book's topology for sessions: a Java web (session-lib) and the book's Node app (express-session +
 * connect-memcached, the real npm packages) on the same three memcached nodes, each given the node
 * list as discovery gives it. Every session either side starts is found by the other, before and
 * after a node is withdrawn from both lists and added back, and with connect-memcached's record
 * encryption on both sides. With the heir backup (session-lib's default), a node killed and then
 * withdrawn, or a node added, signs nobody out on either side.
 */
class ExpressSharedNodesIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);
    private static final int SESSIONS = 200;
    /** Per side, for the node death and join tests: about 65 sessions per node, in a few seconds. */
    private static final int HEIR_SESSIONS = 100;
    private static final String COOKIE_SECRET = "shared cookie secret";
    private static final String RECORD_SECRET = "Record-Secret-42!!";

    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void everyNodeRuns() {
        MEMCACHED.startAll(); // a node killed by an earlier test comes back empty
    }

    @Test
    void every_session_started_on_either_side_is_found_by_the_other_on_three_nodes() throws Exception {
        List<InetSocketAddress> nodes = MEMCACHED.addresses();
        try (Pair pair = Pair.start(nodes, null, true)) {
            Started started = startSessions(pair);
            assertFoundByTheOtherSide(pair, started);
            assertThat(placedOn(nodes, started.all().keySet())).as("sessions per node").hasSize(3)
                    .allSatisfy((node, count) -> assertThat(count).isGreaterThan(SESSIONS / 10));
        }
    }

    @Test
    void a_node_withdrawn_from_both_lists_and_added_back_moves_the_same_sessions_on_both_sides() throws Exception {
        List<InetSocketAddress> three = MEMCACHED.addresses();
        List<InetSocketAddress> two = List.of(three.get(0), three.get(2));
        // without the heir backup, so that exactly the keys of the node that comes or goes move (on both sides)
        try (Pair pair = Pair.start(three, null, false)) {
            Started onThree = startSessions(pair);
            assertFoundByTheOtherSide(pair, onThree);

            pair.useNodes(two); // the sidekick of node 1 let its lease expire: both watchers drop it
            Map<String, Boolean> stayed = expectFoundAfterMove(onThree, three, two);
            assertThat(stayed).containsValue(true).containsValue(false);
            assertBothSidesFindExactly(pair, onThree, stayed);
            Started onTwo = startSessions(pair);
            assertFoundByTheOtherSide(pair, onTwo);

            pair.useNodes(three); // node 1 is back
            Map<String, Boolean> stayedAgain = expectFoundAfterMove(onTwo, two, three);
            assertBothSidesFindExactly(pair, onTwo, stayedAgain);
            assertFoundByTheOtherSide(pair, startSessions(pair));
        }
    }

    @Test
    void records_encrypted_with_connect_memcached_secret_are_shared_both_ways() throws Exception {
        List<InetSocketAddress> nodes = MEMCACHED.addresses();
        try (Pair pair = Pair.start(nodes, RECORD_SECRET, true)) {
            Started started = startSessions(pair);
            assertFoundByTheOtherSide(pair, started);
            assertThat(pair.sessions.stats().malformedRecords()).isZero();

            // a Java instance without the secret: a clear, counted rejection and a new session, never a 500
            try (MemcachedSessionStore plainStore = SessionStores.memcached(TestSettings.patient(nodes).build());
                    DemoServer plain = new DemoServer(Sessions.builder(plainStore,
                            SessionSettings.builder(COOKIE_SECRET).build()).build(), 0)) {
                String nodeCookie = started.fromNode().values().iterator().next();
                Http.Reply reply = http.get(plain.uri("/read"), nodeCookie);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.views()).isEqualTo("null");
                assertThat(plainStore.malformedRecords()).isEqualTo(1);
            }
        }
    }

    @Test
    void sessions_of_a_killed_node_are_found_by_java_on_their_heir_and_by_both_sides_once_it_is_withdrawn()
            throws Exception {
        List<InetSocketAddress> three = MEMCACHED.addresses();
        List<InetSocketAddress> two = List.of(three.get(0), three.get(2));
        try (Pair pair = Pair.start(three, null, true)) {
            Started started = startSessions(pair, HEIR_SESSIONS);
            assertFoundByTheOtherSide(pair, started); // Java's first read of a Node-first session backs it up
            awaitCopies(three, started.all().keySet(), true);
            Set<String> onDeadNode = placedOn(three, started.all().keySet(), three.get(1));
            assertThat(onDeadNode).hasSizeGreaterThan(HEIR_SESSIONS / 5);

            MEMCACHED.node(1).kill();
            // before etcd reports the death: Java finds each of them on its heir, with its data
            Map<String, Boolean> all = new HashMap<>();
            started.all().keySet().forEach(id -> all.put(id, true));
            Set<String> javaChecks = new LinkedHashSet<>();
            onDeadNode.forEach(id -> javaChecks.add("java " + id));
            awaitChecks(pair, started, all, javaChecks);

            pair.useNodes(two); // the dead node's sidekick lease expired: both sides drop it
            assertBothSidesFindExactly(pair, started, all);
            assertThat(pair.sessions.stats().heirFailures()).as("heir operations that failed").isZero();
        }
    }

    @Test
    void a_node_added_signs_nobody_out_java_reads_moved_sessions_through_from_their_previous_owner() throws Exception {
        List<InetSocketAddress> three = MEMCACHED.addresses();
        List<InetSocketAddress> two = List.of(three.get(0), three.get(2));
        try (Pair pair = Pair.start(two, null, true)) {
            Started started = startSessions(pair, HEIR_SESSIONS);
            assertFoundByTheOtherSide(pair, started);
            Set<String> moving = placedOn(three, started.all().keySet(), three.get(1));
            assertThat(moving).hasSizeGreaterThan(HEIR_SESSIONS / 5);

            pair.useNodes(three);
            Map<String, Boolean> all = new HashMap<>();
            started.all().keySet().forEach(id -> all.put(id, true));
            // each id's Java check runs before its Node check: Java's read copies a moved session to its new node
            assertBothSidesFindExactly(pair, started, all);
            assertThat(pair.sessions.stats().heirReads()).as("reads through the previous owner")
                    .isGreaterThanOrEqualTo(moving.size());
            moving.forEach(id -> assertThat(RawMemcached.get(three.get(1), "sess:" + id)).as(id).isNotNull());
        }
    }

    @Test
    void login_rotation_and_logout_remove_both_copies_of_java_and_node_sessions() throws Exception {
        List<InetSocketAddress> three = MEMCACHED.addresses();
        try (Pair pair = Pair.start(three, null, true)) {
            Http.Reply visit = http.get(pair.java.uri("/visit"), null);
            Http.Reply nodeVisit = http.get(pair.node.uri("/visit"), null);
            String nodeId = read(nodeVisit.body()).get("id").asText();
            assertThat(http.get(pair.java.uri("/read"), nodeVisit.cookie()).views()).isEqualTo("1"); // backs it up
            awaitCopies(three, Set.of(visit.id(), nodeId), true);

            Http.Reply login = http.get(pair.java.uri("/login"), visit.cookie());
            assertThat(login.id()).isNotEqualTo(visit.id());
            awaitCopies(three, Set.of(visit.id()), false);
            awaitCopies(three, Set.of(login.id()), true);

            http.get(pair.java.uri("/logout"), login.cookie());
            http.get(pair.java.uri("/logout"), nodeVisit.cookie());
            awaitCopies(three, Set.of(login.id(), nodeId), false);
        }
    }

    /** Every session has a record on its node and on its heir, or on neither. */
    private static void awaitCopies(List<InetSocketAddress> nodes, Set<String> ids, boolean present) {
        HeirPlacement placement = HeirPlacement.of(nodes.stream().map(MemcachedSettings::serverString).toList());
        Map<String, InetSocketAddress> byName = nodes.stream()
                .collect(Collectors.toMap(MemcachedSettings::serverString, node -> node));
        Set<String> pending = new LinkedHashSet<>(ids);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .alias("sessions whose two copies are not " + (present ? "both there" : "both gone") + ": " + pending)
                .until(() -> {
                    pending.removeIf(id -> {
                        String key = "sess:" + id;
                        return hasRecord(byName.get(placement.primary(key)), key) == present
                                && hasRecord(byName.get(placement.heir(key)), key) == present;
                    });
                    return pending.isEmpty();
                });
    }

    private static boolean hasRecord(InetSocketAddress node, String key) {
        return RawMemcached.get(node, key) != null;
    }

    /** The node list as the Node side gets it: session-lib's server strings, comma-separated. */
    static String serverStrings(List<InetSocketAddress> nodes) {
        return nodes.stream().map(MemcachedSettings::serverString).collect(Collectors.joining(","));
    }

    private Started startSessions(Pair pair) {
        return startSessions(pair, SESSIONS);
    }

    private Started startSessions(Pair pair, int count) {
        Map<String, String> fromJava = new LinkedHashMap<>();
        Map<String, String> fromNode = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Http.Reply java = http.get(pair.java.uri("/visit"), null);
            fromJava.put(java.id(), java.cookie());
            Http.Reply node = http.get(pair.node.uri("/visit"), null);
            fromNode.put(read(node.body()).get("id").asText(), node.cookie());
        }
        return new Started(fromJava, fromNode);
    }

    /** Every session is found by the other side, with the attribute its own side wrote. */
    private void assertFoundByTheOtherSide(Pair pair, Started started) {
        Map<String, Boolean> all = new HashMap<>();
        started.all().keySet().forEach(id -> all.put(id, true));
        Set<String> checks = new LinkedHashSet<>();
        started.fromJava().keySet().forEach(id -> checks.add("node " + id));
        started.fromNode().keySet().forEach(id -> checks.add("java " + id));
        awaitChecks(pair, started, all, checks);
    }

    /**
     * Each session is found (with its attribute) by both sides or by neither, as {@code expected} says.
     * Java writes after the response is committed, so a fresh session may take a moment to appear.
     * Checks that pass are not repeated: with encrypted records every read costs Node a key derivation
     * (PBKDF2, 20,000 rounds), so one pass over all sessions takes seconds on a busy machine.
     */
    private void assertBothSidesFindExactly(Pair pair, Started started, Map<String, Boolean> expected) {
        Set<String> checks = new LinkedHashSet<>();
        started.all().keySet().forEach(id -> {
            checks.add("java " + id);
            checks.add("node " + id);
        });
        awaitChecks(pair, started, expected, checks);
    }

    /** Each check ("java <id>" or "node <id>") ends as expected; a check that passed is not repeated. */
    private void awaitChecks(Pair pair, Started started, Map<String, Boolean> expected, Set<String> pending) {
        Duration patience = pair.recordSecret == null ? Duration.ofSeconds(30) : Duration.ofSeconds(180);
        await().atMost(patience).pollInterval(Duration.ofMillis(200))
                .alias("sessions the two sides disagree on: " + pending).until(() -> {
                    List<String> batch = pending.stream().limit(40).toList();
                    for (String check : batch) {
                        String id = check.substring(5);
                        String cookie = started.all().get(id);
                        boolean found = check.startsWith("java ") ? foundByJava(pair, id, cookie) : foundByNode(pair, id, cookie);
                        if (found == expected.get(id)) {
                            pending.remove(check);
                        }
                    }
                    return pending.isEmpty();
                });
    }

    private boolean foundByJava(Pair pair, String id, String cookie) {
        Http.Reply reply = http.get(pair.java.uri("/read"), cookie);
        return reply.id().equals(id) && reply.views().equals("1");
    }

    private boolean foundByNode(Pair pair, String id, String cookie) {
        JsonNode reply = read(http.get(pair.node.uri("/read"), cookie).body());
        return reply.get("id").asText().equals(id) && reply.at("/session/views").asInt() == 1;
    }

    /** Which sessions keep their node when the list changes (the others' keys now point elsewhere). */
    private static Map<String, Boolean> expectFoundAfterMove(Started started, List<InetSocketAddress> before,
            List<InetSocketAddress> after) {
        NpmHashRing old = ring(before);
        NpmHashRing now = ring(after);
        Map<String, Boolean> expected = new HashMap<>();
        started.all().keySet().forEach(id -> expected.put(id, old.serverFor("sess:" + id).equals(now.serverFor("sess:" + id))));
        return expected;
    }

    private static Set<String> placedOn(List<InetSocketAddress> nodes, Set<String> ids, InetSocketAddress node) {
        NpmHashRing ring = ring(nodes);
        return ids.stream().filter(id -> ring.serverFor("sess:" + id).equals(MemcachedSettings.serverString(node)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Map<String, Long> placedOn(List<InetSocketAddress> nodes, Set<String> ids) {
        NpmHashRing ring = ring(nodes);
        return ids.stream().collect(Collectors.groupingBy(id -> ring.serverFor("sess:" + id), Collectors.counting()));
    }

    private static NpmHashRing ring(List<InetSocketAddress> nodes) {
        return new NpmHashRing(nodes.stream().map(MemcachedSettings::serverString).toList());
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Started(Map<String, String> fromJava, Map<String, String> fromNode) {
        Map<String, String> all() {
            Map<String, String> all = new LinkedHashMap<>(fromJava);
            all.putAll(fromNode);
            return all;
        }
    }

    /** A Java instance and a Node instance on the same node list and secrets. */
    private static final class Pair implements AutoCloseable {
        private final MemcachedSessionStore store;
        private final Sessions sessions;
        private final DemoServer java;
        private final String recordSecret;
        private NodeApp node;

        private Pair(MemcachedSessionStore store, Sessions sessions, DemoServer java, NodeApp node, String recordSecret) {
            this.store = store;
            this.sessions = sessions;
            this.java = java;
            this.node = node;
            this.recordSecret = recordSecret;
        }

        static Pair start(List<InetSocketAddress> nodes, String recordSecret, boolean heirBackup) throws Exception {
            MemcachedSettings.Builder settings = TestSettings.patient(nodes).heirBackup(heirBackup);
            if (recordSecret != null) {
                settings.recordSecret(recordSecret);
            }
            MemcachedSessionStore store = SessionStores.memcached(settings.build());
            Sessions sessions = Sessions.builder(store, SessionSettings.builder(COOKIE_SECRET)
                    .maxAge(Duration.ofHours(1)).build()).build();
            return new Pair(store, sessions, new DemoServer(sessions, 0), startNode(nodes, recordSecret), recordSecret);
        }

        /** Both sides take a new node list: Java in place, Node by a restart with the new list. */
        void useNodes(List<InetSocketAddress> nodes) throws Exception {
            store.replaceNodes(nodes);
            node.close();
            node = startNode(nodes, recordSecret);
        }

        private static NodeApp startNode(List<InetSocketAddress> nodes, String recordSecret) throws Exception {
            Map<String, String> environment = new HashMap<>(Map.of("MEMCACHED", serverStrings(nodes), "SECRETS", COOKIE_SECRET));
            if (recordSecret != null) {
                environment.put("RECORD_SECRET", recordSecret);
            }
            return NodeApp.start(environment);
        }

        @Override
        public void close() {
            node.close();
            java.close();
            store.close();
        }
    }
}
