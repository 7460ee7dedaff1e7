package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A key's heir is where npm {@code memcached} looks for it once its node is withdrawn. */
class HeirPlacementTest {
    private static final List<String> THREE = List.of("127.0.0.1:41001", "127.0.0.1:41002", "127.0.0.1:41003");

    @Test
    void the_heir_of_a_key_is_its_owner_on_the_ring_without_its_primary() {
        HeirPlacement placement = HeirPlacement.of(THREE);
        NpmHashRing ring = new NpmHashRing(THREE);
        Map<String, NpmHashRing> without = new HashMap<>();
        for (String server : THREE) {
            List<String> rest = new ArrayList<>(THREE);
            rest.remove(server);
            without.put(server, new NpmHashRing(rest));
        }
        Map<String, Integer> heirs = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String key = "sess:" + i;
            String primary = ring.serverFor(key);
            assertThat(placement.primary(key)).isEqualTo(primary);
            assertThat(placement.heir(key)).as(key).isEqualTo(without.get(primary).serverFor(key))
                    .isNotEqualTo(primary);
            heirs.merge(primary + " -> " + placement.heir(key), 1, Integer::sum);
        }
        assertThat(heirs).as("each node's keys are spread over both other nodes").hasSize(6);
    }

    @Test
    void the_heir_is_the_server_npm_memcached_picks_once_the_primary_is_withdrawn() {
        // vectors written by the real npm memcached for 10.1.0.5-7 and each two-node ring of them
        Map<Set<String>, Map<String, String>> placements = new HashMap<>();
        for (JsonNode testCase : VECTORS.get("cases")) {
            List<String> servers = new ArrayList<>();
            testCase.get("servers").forEach(server -> servers.add(server.asText()));
            Map<String, String> placement = new HashMap<>();
            testCase.get("placement").properties().forEach(e -> placement.put(e.getKey(), e.getValue().asText()));
            placements.put(Set.copyOf(servers), placement);
        }
        List<String> three = List.of("10.1.0.5:11211", "10.1.0.6:11211", "10.1.0.7:11211");
        HeirPlacement placement = HeirPlacement.of(three);
        int checked = 0;
        for (Map.Entry<String, String> entry : placements.get(Set.copyOf(three)).entrySet()) {
            List<String> rest = new ArrayList<>(three);
            rest.remove(entry.getValue());
            Map<String, String> withdrawn = placements.get(Set.copyOf(rest));
            assertThat(withdrawn).as("vectors for %s", rest).isNotNull();
            assertThat(placement.heir(entry.getKey())).as(entry.getKey()).isEqualTo(withdrawn.get(entry.getKey()));
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void a_single_server_has_no_heir() {
        assertThat(HeirPlacement.of(List.of("a:11211")).heir("sess:x")).isNull();
    }

    @Test
    void keys_that_move_to_an_added_server_name_their_previous_owner_and_no_other_key_does() {
        List<String> two = List.of(THREE.get(0), THREE.get(2));
        HeirPlacement before = HeirPlacement.of(two);
        HeirPlacement after = before.next(THREE);
        int moved = 0;
        for (int i = 0; i < 3000; i++) {
            String key = "sess:" + i;
            if (after.primary(key).equals(before.primary(key))) {
                assertThat(after.previousOwner(key)).as(key).isNull();
            } else {
                assertThat(after.primary(key)).isEqualTo(THREE.get(1));
                assertThat(after.previousOwner(key)).as(key).isEqualTo(before.primary(key))
                        .isEqualTo(after.heir(key)); // one node added: the old owner is the new heir
                moved++;
            }
        }
        assertThat(moved).isGreaterThan(500);
        assertThat(after.next(two).previousOwner("sess:1")).as("a withdrawal reads nothing through").isNull();
    }

    @Test
    void a_key_whose_primary_is_unusable_is_routed_to_its_heir() {
        HeirPlacement placement = HeirPlacement.of(THREE);
        for (int i = 0; i < 500; i++) {
            String key = "sess:" + i;
            String primary = placement.primary(key);
            assertThat(placement.route(key, server -> true)).isEqualTo(primary);
            assertThat(placement.route(key, server -> !server.equals(primary))).isEqualTo(placement.heir(key));
            String heir = placement.heir(key);
            assertThat(placement.route(key, server -> !server.equals(primary) && !server.equals(heir)))
                    .isNotNull().isNotIn(primary, heir);
        }
        assertThat(placement.route("sess:x", server -> false)).isNull();
    }

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try (InputStream in = HeirPlacementTest.class.getResourceAsStream("/npm/npm-memcached-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
