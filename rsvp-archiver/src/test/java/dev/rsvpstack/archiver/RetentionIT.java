package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention: RSVPs stored with one expire after it; without one they stay, and so does the checkpoint. */
class RetentionIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    @Test
    void rsvps_stored_with_a_retention_expire_after_it_and_the_checkpoint_does_not() throws Exception {
        Collection collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        CouchbaseRsvpStore expiring = new CouchbaseRsvpStore(collection, Duration.ofSeconds(1));
        CouchbaseRsvpStore keeping = new CouchbaseRsvpStore(collection);
        expiring.store(new RsvpMessage(9001, 1, "{\"rsvp_id\":9001,\"mtime\":1}")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        keeping.store(new RsvpMessage(9002, 2, "{\"rsvp_id\":9002,\"mtime\":2}")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        expiring.checkpoint().save(5, CheckpointStore.NO_TERM);
        await().atMost(Duration.ofSeconds(10)).until(() -> expiring.checkpoint().load().orElse(0) == 5);

        // both upserts succeeded (get would have thrown): one goes with its expiry, the other stays
        await().atMost(Duration.ofSeconds(10)).until(() -> !present(collection, "rsvp::9001"));
        assertThat(present(collection, "rsvp::9002")).isTrue();
        assertThat(expiring.checkpoint().load()).hasValue(5); // written with the RSVP, still there after it

    }

    /** CouchbaseMock has no GetMeta, so no exists(): a get tells. */
    private static boolean present(Collection collection, String key) {
        try {
            collection.get(key);
            return true;
        } catch (DocumentNotFoundException e) {
            return false;
        }
    }
}
