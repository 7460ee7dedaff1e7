package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The second copy's reads, writes and deletes, on fake nodes that record what each one was sent. */
class HeirBackupTest {
    private static final List<String> THREE = List.of("a:11211", "b:11211", "c:11211");
    private static final byte[] RECORD = "{\"cookie\":{},\"views\":1}".getBytes(StandardCharsets.UTF_8);
    private static final String KEY = "sess:k1";

    private final FakeNodes nodes = new FakeNodes();
    private final AtomicReference<HeirPlacement> placement = new AtomicReference<>(HeirPlacement.of(THREE));
    private final HeirBackup heirs = new HeirBackup(placement::get, nodes, bytes -> 600);

    @Test
    void a_stored_write_is_copied_to_the_heir_with_the_same_expiry() {
        String heir = placement.get().heir(KEY);
        heirs.afterWrite(KEY, placement.get().primary(KEY), 3600, RECORD).join();
        assertThat(nodes.sent).containsExactly("set " + heir + " " + KEY + " 3600");
        assertThat(nodes.stored(heir, KEY)).isEqualTo(RECORD);
        assertThat(heirs.writes()).isEqualTo(1);
        assertThat(heirs.failures()).isZero();
    }

    @Test
    void no_copy_when_the_write_already_went_to_the_heir() {
        heirs.afterWrite(KEY, placement.get().heir(KEY), 3600, RECORD).join(); // the primary had no connection
        assertThat(nodes.sent).isEmpty();
    }

    @Test
    void a_failed_copy_is_counted_and_does_not_fail() {
        nodes.failing.add(placement.get().heir(KEY));
        heirs.afterWrite(KEY, placement.get().primary(KEY), 3600, RECORD).join();
        nodes.down.add(placement.get().heir(KEY));
        heirs.afterWrite(KEY, placement.get().primary(KEY), 3600, RECORD).join();
        assertThat(heirs.failures()).isEqualTo(2);
    }

    @Test
    void with_one_node_there_is_no_heir_and_nothing_is_copied_or_read_twice() {
        placement.set(HeirPlacement.of(List.of("a:11211")));
        heirs.afterWrite(KEY, "a:11211", 3600, RECORD).join();
        heirs.afterTouch(KEY, "a:11211", 60).join();
        heirs.delete(KEY, "a:11211").join();
        TimeoutException first = new TimeoutException("frozen");
        assertThatThrownBy(() -> heirs.afterRead(KEY, "a:11211", null, first).join()).hasCause(first);
        assertThat(nodes.sent).isEmpty();
        assertThat(heirs.writes() + heirs.reads() + heirs.failures()).isZero();
    }

    @Test
    void a_refresh_reaches_the_heir_too() {
        String heir = placement.get().heir(KEY);
        nodes.put(heir, KEY, RECORD);
        heirs.afterTouch(KEY, placement.get().primary(KEY), 60).join();
        assertThat(nodes.sent).containsExactly("touch " + heir + " " + KEY + " 60");
    }

    @Test
    void a_read_whose_node_timed_out_finds_the_copy_on_the_heir_once() {
        nodes.put(placement.get().heir(KEY), KEY, RECORD);
        byte[] read = heirs.afterRead(KEY, placement.get().primary(KEY), null, new TimeoutException("frozen")).join();
        assertThat(read).isEqualTo(RECORD);
        assertThat(nodes.sent).containsExactly("get " + placement.get().heir(KEY) + " " + KEY);
        assertThat(heirs.reads()).isEqualTo(1);
    }

    @Test
    void when_the_heir_fails_too_the_read_fails_with_the_first_failure() {
        nodes.failing.add(placement.get().heir(KEY));
        TimeoutException first = new TimeoutException("frozen");
        assertThatThrownBy(() -> heirs.afterRead(KEY, placement.get().primary(KEY), null, first).join())
                .isInstanceOf(CompletionException.class).hasCause(first);
        assertThat(heirs.failures()).isEqualTo(1);
    }

    @Test
    void a_failed_read_that_already_went_to_the_heir_is_not_repeated() {
        TimeoutException first = new TimeoutException("frozen");
        assertThatThrownBy(() -> heirs.afterRead(KEY, placement.get().heir(KEY), null, first).join())
                .hasCause(first);
        assertThat(nodes.sent).isEmpty();
    }

    @Test
    void a_miss_on_a_stable_ring_asks_nobody_else() {
        assertThat(heirs.afterRead(KEY, placement.get().primary(KEY), null, null).join()).isNull();
        assertThat(heirs.afterRead(KEY, placement.get().primary(KEY), RECORD, null).join()).isEqualTo(RECORD);
        assertThat(nodes.sent).isEmpty();
        assertThat(heirs.reads()).isZero();
    }

    @Test
    void a_miss_on_a_key_moved_to_an_added_node_reads_through_and_copies_it_to_the_new_owner() {
        String key = movedKey();
        HeirPlacement now = placement.get();
        String previous = now.previousOwner(key);
        nodes.put(previous, key, RECORD);
        assertThat(heirs.afterRead(key, now.primary(key), null, null).join()).isEqualTo(RECORD);
        assertThat(nodes.sent).containsExactly("get " + previous + " " + key, "add " + now.primary(key) + " " + key + " 600");
        assertThat(nodes.stored(now.primary(key), key)).isEqualTo(RECORD);

        nodes.sent.clear();
        String gone = movedKey(key);
        assertThat(heirs.afterRead(gone, now.primary(gone), null, null).join()).isNull();
        assertThat(nodes.sent).containsExactly("get " + now.previousOwner(gone) + " " + gone);
    }

    @Test
    void a_delete_removes_the_heir_copy_and_after_a_join_the_previous_owner_copy() {
        heirs.delete(KEY, placement.get().primary(KEY)).join();
        assertThat(nodes.sent).containsExactly("delete " + placement.get().heir(KEY) + " " + KEY);

        nodes.sent.clear();
        heirs.delete(KEY, placement.get().heir(KEY)).join();
        assertThat(nodes.sent).as("the delete that went to the heir already removed it").isEmpty();
    }

    @Test
    void a_heir_without_a_copy_gets_one_from_the_primary_at_the_next_refresh() {
        HeirPlacement now = placement.get();
        nodes.put(now.primary(KEY), KEY, RECORD); // written by Node: no copy on the heir
        heirs.afterTouch(KEY, now.primary(KEY), 60).join();
        assertThat(nodes.sent).containsExactly("touch " + now.heir(KEY) + " " + KEY + " 60",
                "get " + now.primary(KEY) + " " + KEY, "add " + now.heir(KEY) + " " + KEY + " 60");
        assertThat(nodes.stored(now.heir(KEY), KEY)).isEqualTo(RECORD);

        nodes.sent.clear();
        heirs.afterTouch(KEY, now.primary(KEY), 60).join();
        assertThat(nodes.sent).as("a heir with a copy is only refreshed").hasSize(1);
    }

    /** Switches to a ring with a fourth node and returns a key (other than {@code others}) that moved to it. */
    private String movedKey(String... others) {
        HeirPlacement before = HeirPlacement.of(THREE);
        List<String> four = new ArrayList<>(THREE);
        four.add("d:11211");
        placement.set(before.next(four));
        for (int i = 0;; i++) {
            String key = "sess:moved" + i;
            if (placement.get().previousOwner(key) != null && !List.of(others).contains(key)) {
                return key;
            }
        }
    }

    /** Nodes in maps; {@code down} ones have no connection, {@code failing} ones fail every operation. */
    private static final class FakeNodes implements NodeOps {
        final List<String> sent = new ArrayList<>();
        final Set<String> down = new HashSet<>();
        final Set<String> failing = new HashSet<>();
        private final Map<String, Map<String, byte[]>> data = new HashMap<>();

        void put(String server, String key, byte[] value) {
            data.computeIfAbsent(server, s -> new HashMap<>()).put(key, value);
        }

        byte[] stored(String server, String key) {
            return data.getOrDefault(server, Map.of()).get(key);
        }

        @Override
        public boolean connected(String server) {
            return !down.contains(server);
        }

        @Override
        public CompletableFuture<byte[]> get(String server, String key) {
            return op("get " + server + " " + key, server, () -> stored(server, key));
        }

        @Override
        public CompletableFuture<Boolean> set(String server, String key, int exptime, byte[] value) {
            return op("set " + server + " " + key + " " + exptime, server, () -> {
                put(server, key, value);
                return true;
            });
        }

        @Override
        public CompletableFuture<Boolean> add(String server, String key, int exptime, byte[] value) {
            return op("add " + server + " " + key + " " + exptime, server, () -> {
                if (stored(server, key) != null) {
                    return false;
                }
                put(server, key, value);
                return true;
            });
        }

        @Override
        public CompletableFuture<Boolean> touch(String server, String key, int exptime) {
            return op("touch " + server + " " + key + " " + exptime, server, () -> stored(server, key) != null);
        }

        @Override
        public CompletableFuture<Boolean> delete(String server, String key) {
            return op("delete " + server + " " + key, server,
                    () -> data.getOrDefault(server, new HashMap<>()).remove(key) != null);
        }

        private <T> CompletableFuture<T> op(String what, String server, java.util.function.Supplier<T> action) {
            sent.add(what);
            if (down.contains(server)) {
                return CompletableFuture.failedFuture(new IllegalStateException("no connection to " + server));
            }
            if (failing.contains(server)) {
                return CompletableFuture.failedFuture(new TimeoutException(server + " does not answer"));
            }
            return CompletableFuture.completedFuture(action.get());
        }
    }
}
