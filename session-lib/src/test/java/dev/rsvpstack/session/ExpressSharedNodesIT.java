package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The book's topology for sessions: a Java web (session-lib) and the book's Node app (express-session +
 * connect-memcached, the real npm packages) on the same three memcached nodes, each given the node
 * list as discovery gives it. Every session either side starts is found by the other, before and
 * after a node is withdrawn from both lists and added back, and with connect-memcached's record
 * encryption on both sides.
 */
class ExpressSharedNodesIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);
    private static final int SESSIONS = 200;
    private static final String COOKIE_SECRET = "shared cookie secret";
    private static final String RECORD_SECRET = "Record-Secret-42!!";

    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void every_session_started_on_either_side_is_found_by_the_other_on_three_nodes() throws Exception {
        List<InetSocketAddress> nodes = MEMCACHED.addresses();
        try (Pair pair = Pair.start(nodes, null)) {
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
        try (Pair pair = Pair.start(three, null)) {
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
        try (Pair pair = Pair.start(nodes, RECORD_SECRET)) {
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

    /** The node list as the Node side gets it: session-lib's server strings, comma-separated. */
    static String serverStrings(List<InetSocketAddress> nodes) {
        return nodes.stream().map(MemcachedSettings::serverString).collect(Collectors.joining(","));
    }

    private Started startSessions(Pair pair) {
        Map<String, String> fromJava = new LinkedHashMap<>();
        Map<String, String> fromNode = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
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

        static Pair start(List<InetSocketAddress> nodes, String recordSecret) throws Exception {
            MemcachedSettings.Builder settings = TestSettings.patient(nodes);
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
