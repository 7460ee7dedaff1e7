package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.LocalCheckpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint write the archiver makes, on a fake store: every save carries a term (0 without
 * an election), and a refused save leaves this host's checkpoint alone. The stream is a loopback
 * port nobody listens on: the archiver only seeds its watermark from the checkpoint and saves it at close.
 */
class ArchiverCheckpointTest {
    private static final long SAVED_POINT = 1_000;

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path spool;

    @Test
    void an_archiver_without_an_election_saves_its_checkpoint_as_term_0() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.WRITTEN);

        archiver(checkpoint, LeaderFence.NONE).start().close();

        assertThat(checkpoint.calls).containsExactly("load", "save " + SAVED_POINT + " term 0");
        assertThat(new LocalCheckpoint(spool).load()).hasValue(SAVED_POINT);
    }

    @Test
    void a_refused_save_leaves_this_hosts_checkpoint_alone_without_an_election_too() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.REFUSED); // an elected leader's term holds it

        archiver(checkpoint, LeaderFence.NONE).start().close();

        assertThat(checkpoint.calls).containsExactly("load", "save " + SAVED_POINT + " term 0");
        assertThat(new LocalCheckpoint(spool).load()).isEmpty();
    }

    @Test
    void an_elected_archiver_claims_the_checkpoint_and_saves_with_its_term() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.WRITTEN);

        archiver(checkpoint, LeaderFence.of(7, () -> true)).start().close();

        assertThat(checkpoint.calls).containsExactly("claim 7", "save " + SAVED_POINT + " term 7");
        assertThat(new LocalCheckpoint(spool).load()).hasValue(SAVED_POINT);
    }

    @Test
    void an_elected_archiver_stamps_the_epoch_of_its_etcd_beside_its_term() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.WRITTEN);

        archiver(checkpoint, LeaderFence.of("etcd-b", 5, () -> true)).start().close();

        assertThat(checkpoint.calls).containsExactly("claim 5 epoch etcd-b", "save " + SAVED_POINT + " term 5 epoch etcd-b");
    }

    @Test
    void a_leader_whose_saves_are_refused_while_its_term_holds_is_counted() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.REFUSED);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (RsvpArchiver archiver = archiver(checkpoint, LeaderFence.of("etcd-b", 5, () -> true), registry,
                Duration.ofMillis(20)).start()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.get(RsvpArchiver.REFUSED_WHILE_LEADING).counter().count() >= 2);
            assertThat(archiver.resumePoint()).isEqualTo(SAVED_POINT); // it archives on, from the claimed point
        }
    }

    @Test
    void a_stale_leaders_refused_saves_are_not_counted_as_refused_while_leading() throws IOException {
        FakeCheckpoint checkpoint = new FakeCheckpoint(CheckpointStore.Saved.REFUSED);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        archiver(checkpoint, LeaderFence.of("etcd-b", 5, () -> false), registry, Duration.ofHours(1)).start().close();

        assertThat(checkpoint.calls).contains("save " + SAVED_POINT + " term 5 epoch etcd-b"); // the save at close
        assertThat(registry.get(RsvpArchiver.REFUSED_WHILE_LEADING).counter().count()).isZero();
    }

    private RsvpArchiver archiver(CheckpointStore checkpoint, LeaderFence fence) throws IOException {
        // only the save at close
        return archiver(checkpoint, fence, new SimpleMeterRegistry(), Duration.ofHours(1));
    }

    private RsvpArchiver archiver(CheckpointStore checkpoint, LeaderFence fence, SimpleMeterRegistry registry,
                                  Duration checkpointInterval) throws IOException {
        ArchiverSettings settings = ArchiverSettings.builder(unusedLoopbackStream()).spoolDirectory(spool)
                .checkpointInterval(checkpointInterval)
                .build();
        RsvpStore store = new RsvpStore() {
            @Override
            public CompletionStage<Void> store(RsvpMessage rsvp) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CheckpointStore checkpoint() {
                return checkpoint;
            }
        };
        return new RsvpArchiver(settings, new RsvpParser(mapper), store, mapper, registry, fence);
    }

    /** A port that was free a moment ago: the archiver's connection attempts are refused. */
    private static URI unusedLoopbackStream() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/");
        }
    }

    /** Holds {@link #SAVED_POINT} and answers every save with {@code answer}; records what was asked. */
    private static final class FakeCheckpoint implements CheckpointStore {
        final List<String> calls = new CopyOnWriteArrayList<>();
        private final Saved answer;

        FakeCheckpoint(Saved answer) {
            this.answer = answer;
        }

        @Override
        public OptionalLong load() {
            calls.add("load");
            return OptionalLong.of(SAVED_POINT);
        }

        @Override
        public OptionalLong claim(long term) {
            return claim(UNKNOWN_EPOCH, term);
        }

        @Override
        public OptionalLong claim(String epoch, long term) {
            calls.add("claim " + term + of(epoch));
            return OptionalLong.of(SAVED_POINT);
        }

        @Override
        public Saved save(long mtime, long term) {
            return save(mtime, UNKNOWN_EPOCH, term);
        }

        @Override
        public Saved save(long mtime, String epoch, long term) {
            calls.add("save " + mtime + " term " + term + of(epoch));
            return answer;
        }

        private static String of(String epoch) {
            return epoch.isEmpty() ? "" : " epoch " + epoch;
        }
    }
}
