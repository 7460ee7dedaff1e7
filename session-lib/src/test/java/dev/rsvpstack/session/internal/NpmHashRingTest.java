package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Placement against vectors written by the real npm {@code memcached} 2.2 / {@code hashring} 3.2
 * (src/test/node/placement-vectors.js): every key of every server list on the server Node picks.
 */
class NpmHashRingTest {
    private static final JsonNode VECTORS = load();

    @Test
    void every_key_lands_on_the_server_npm_memcached_picks() {
        int checked = 0;
        for (JsonNode testCase : VECTORS.get("cases")) {
            List<String> servers = new ArrayList<>();
            testCase.get("servers").forEach(server -> servers.add(server.asText()));
            NpmHashRing ring = new NpmHashRing(servers);
            for (var entry : testCase.get("placement").properties()) {
                assertThat(ring.serverFor(entry.getKey())).as("key %s on %s", entry.getKey(), servers)
                        .isEqualTo(entry.getValue().asText());
                checked++;
            }
        }
        assertThat(checked).as("vectors checked").isGreaterThan(1000);
    }

    @Test
    void placement_does_not_depend_on_the_order_of_the_list() {
        List<String> servers = new ArrayList<>(List.of("10.1.0.7:11211", "10.1.0.5:11211", "10.1.0.6:11211",
                "10.1.0.9:11212"));
        NpmHashRing sorted = new NpmHashRing(servers);
        Collections.shuffle(servers, new Random(7));
        NpmHashRing shuffled = new NpmHashRing(servers);
        IntStream.range(0, 2000).mapToObj(i -> "sess:" + i)
                .forEach(key -> assertThat(shuffled.serverFor(key)).isEqualTo(sorted.serverFor(key)));
    }

    @Test
    void removing_a_server_moves_only_its_own_keys() {
        NpmHashRing three = new NpmHashRing(List.of("a:11211", "b:11211", "c:11211"));
        NpmHashRing two = new NpmHashRing(List.of("a:11211", "c:11211"));
        Map<String, Integer> moved = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            String key = "sess:" + i;
            String before = three.serverFor(key);
            if (!before.equals("b:11211")) {
                assertThat(two.serverFor(key)).as(key).isEqualTo(before);
            } else {
                moved.merge(two.serverFor(key), 1, Integer::sum);
            }
        }
        assertThat(moved).containsOnlyKeys("a:11211", "c:11211");
    }

    @Test
    void a_key_whose_server_is_unusable_goes_to_the_next_server_on_the_ring() {
        NpmHashRing ring = new NpmHashRing(List.of("a:11211", "b:11211", "c:11211"));
        for (int i = 0; i < 500; i++) {
            String key = "sess:" + i;
            String owner = ring.serverFor(key);
            String fallback = ring.serverFor(key, server -> !server.equals(owner));
            assertThat(fallback).isNotNull().isNotEqualTo(owner);
            assertThat(ring.serverFor(key, server -> true)).isEqualTo(owner);
        }
        assertThat(ring.serverFor("sess:x", server -> false)).isNull();
    }

    @Test
    void the_default_port_hashes_the_host_alone_as_libketama_does() {
        assertThat(NpmHashRing.hashName("10.0.0.5:11211")).isEqualTo("10.0.0.5");
        assertThat(NpmHashRing.hashName("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(NpmHashRing.hashName("10.0.0.5:11212")).isEqualTo("10.0.0.5:11212");
        assertThat(NpmHashRing.hashName("[::1]:11211")).isEqualTo("[::1]:11211");
    }

    @Test
    void an_empty_ring_places_nothing() {
        assertThat(new NpmHashRing(List.of()).serverFor("sess:a")).isNull();
    }

    private static JsonNode load() {
        try (InputStream in = NpmHashRingTest.class.getResourceAsStream("/npm/npm-memcached-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
