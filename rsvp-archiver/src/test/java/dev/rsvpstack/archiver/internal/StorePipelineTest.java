package dev.rsvpstack.archiver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StorePipelineTest {
    /** What close() waits for in-flight upserts: the hanging store never ends them. */
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);

    @TempDir
    Path dir;

    /** A client closed under its requests: their futures never complete (what the failover rehearsal saw). */
    private static final RsvpStore HANGING = rsvp -> new CompletableFuture<>();

    private static final class Recording implements RsvpStore {
        final Set<Long> stored = ConcurrentHashMap.newKeySet();

        @Override
        public CompletionStage<Void> store(RsvpMessage rsvp) {
            stored.add(rsvp.rsvpId());
            return CompletableFuture.completedFuture(null);
        }
    }

    private static RsvpMessage rsvp(long id) {
        return new RsvpMessage(id, 1_000 + id, "{\"rsvp_id\":" + id + ",\"mtime\":" + (1_000 + id) + ",\"event\":{}}");
    }

    @Test
    @Timeout(30) // without the store timeout, accept() would block for ever: fail, don't hang the build
    void rsvps_stuck_on_a_store_that_never_answers_are_spooled_and_reach_the_next_store() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Watermark watermark = new Watermark();
        try (Spool spool = new Spool(dir, 16 * 1024 * 1024);
             DeadLetters deadLetters = new DeadLetters(dir, 1024 * 1024, mapper, registry);
             StorePipeline pipeline = new StorePipeline(HANGING, new RsvpParser(mapper), spool, deadLetters, watermark,
                     4, 1, Duration.ofMillis(10), Duration.ofMillis(200), CLOSE_WAIT, registry)) {
            for (long id = 1; id <= 10; id++) {
                pipeline.accept(rsvp(id)); // more than the 4 in flight: only returns if stuck attempts end
            }
            await().atMost(Duration.ofSeconds(10)).until(pipeline::isSpooling);

            Recording moved = new Recording();
            pipeline.useStore(moved);

            await().atMost(Duration.ofSeconds(10)).until(() -> moved.stored.size() == 10 && !pipeline.isSpooling());
            assertThat(watermark.pendingCount()).as("nothing left pending: the resume point moves on").isZero();
            assertThat(pipeline.inFlight()).isZero();
        }
    }

    @Test
    @Timeout(30)
    void attempts_waiting_on_a_replaced_store_are_retried_on_the_new_one_without_waiting_for_the_timeout()
            throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Watermark watermark = new Watermark();
        try (Spool spool = new Spool(dir, 16 * 1024 * 1024);
             DeadLetters deadLetters = new DeadLetters(dir, 1024 * 1024, mapper, registry);
             StorePipeline pipeline = new StorePipeline(HANGING, new RsvpParser(mapper), spool, deadLetters, watermark,
                     8, 2, Duration.ofMillis(10), Duration.ofMinutes(10), CLOSE_WAIT, registry)) {
            for (long id = 1; id <= 3; id++) {
                pipeline.accept(rsvp(id));
            }
            assertThat(pipeline.inFlight()).isEqualTo(3);

            Recording moved = new Recording();
            pipeline.useStore(moved);

            // The store timeout is 10 minutes: only abandoning the old store's attempts gets them here.
            await().atMost(Duration.ofSeconds(10)).until(() -> moved.stored.size() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.inFlight() == 0);
            assertThat(pipeline.isSpooling()).isFalse();
            assertThat(watermark.pendingCount()).isZero();
        }
    }
}
