package dev.rsvpstack.archiver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.CheckpointStore.Saved;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fenced checkpoint writes on CouchbaseMock: a later term wins, an older one can never write. */
class CouchbaseCheckpointIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();

    private Collection collection;
    private CouchbaseCheckpoint checkpoint;

    @BeforeEach
    void emptyCheckpoint() {
        collection = COUCHBASE.cluster().bucket(COUCHBASE.bucketName()).defaultCollection();
        CheckpointDocument.remove(collection);
        checkpoint = new CouchbaseCheckpoint(collection);
    }

    @Test
    void a_stale_leader_cannot_move_the_resume_point_backwards_after_a_later_term_claimed_it() {
        assertThat(checkpoint.save(1_000, 7)).isEqualTo(Saved.WRITTEN);

        OptionalLong resumed = checkpoint.claim(9); // the next leader takes over

        assertThat(resumed).hasValue(1_000);
        assertThat(checkpoint.save(900, 7)).isEqualTo(Saved.REFUSED); // the old leader wakes up with an older point
        assertThat(checkpoint.save(1_100, 7)).isEqualTo(Saved.REFUSED); // nor any point at all: its term is over
        assertThat(stored()).isEqualTo(JsonObject.create().put("mtime", 1_000).put("term", 9));
        assertThat(checkpoint.save(1_200, 9)).isEqualTo(Saved.WRITTEN);
        assertThat(checkpoint.load()).hasValue(1_200);
    }

    @Test
    void a_claim_of_an_empty_store_reserves_it_for_the_term() {
        assertThat(checkpoint.claim(3)).isEmpty();

        assertThat(checkpoint.save(500, 2)).isEqualTo(Saved.REFUSED);
        assertThat(checkpoint.load()).isEmpty();
        assertThat(checkpoint.save(500, 3)).isEqualTo(Saved.WRITTEN);
        assertThat(checkpoint.load()).hasValue(500);
    }

    @Test
    void an_older_term_cannot_claim_what_a_later_one_holds() {
        checkpoint.save(2_000, 12);

        assertThat(checkpoint.claim(11)).isEmpty();
        assertThat(stored().getLong("term")).isEqualTo(12);
    }

    @Test
    void an_unfenced_save_writes_where_no_term_holds_the_checkpoint() {
        assertThat(checkpoint.save(42, CheckpointStore.NO_TERM)).isEqualTo(Saved.WRITTEN);
        assertThat(checkpoint.save(41, CheckpointStore.NO_TERM)).isEqualTo(Saved.WRITTEN);

        assertThat(stored()).isEqualTo(JsonObject.create().put("mtime", 41)); // as it always was: no term
        assertThat(checkpoint.save(43, 1)).isEqualTo(Saved.WRITTEN); // no term stored counts as term 0
    }

    @Test
    void an_unfenced_save_keeps_the_stored_term_and_a_stale_term_is_still_refused_after_it() {
        assertThat(checkpoint.save(1_000, 9)).isEqualTo(Saved.WRITTEN);

        // an archiver without an election, on the same bucket
        assertThat(checkpoint.save(1_050, CheckpointStore.NO_TERM)).isEqualTo(Saved.REFUSED);

        assertThat(stored()).isEqualTo(JsonObject.create().put("mtime", 1_000).put("term", 9));
        assertThat(checkpoint.save(900, 7)).isEqualTo(Saved.REFUSED); // a stale leader wakes up
        assertThat(checkpoint.claim(8)).isEmpty();
        assertThat(stored()).isEqualTo(JsonObject.create().put("mtime", 1_000).put("term", 9));
    }

    @Test
    void a_checkpoint_without_an_epoch_is_compared_by_revision_and_the_first_accepted_term_records_its_epoch() {
        collection.insert(CouchbaseCheckpoint.KEY, JsonObject.create().put("mtime", 1_000).put("term", 812));

        assertThat(checkpoint.claim("epoch-new", 5)).isEmpty(); // written before epochs: no take-over
        assertThat(checkpoint.save(1_100, "epoch-new", 5)).isEqualTo(Saved.REFUSED);
        assertThat(checkpoint.save(1_200, "epoch-a", 813)).isEqualTo(Saved.WRITTEN);

        assertThat(stored().getString("epoch")).isEqualTo("epoch-a");
        assertThat(checkpoint.claim("epoch-new", 5)).hasValue(1_200); // from now on a new etcd takes over
        assertThat(stored().getArray("retired").toList()).containsExactly("epoch-a");
        assertThat(checkpoint.takeovers()).isEqualTo(1);
        assertThat(checkpoint.save(1_300, "epoch-a", 900)).isEqualTo(Saved.REFUSED);
        assertThat(checkpoint.save(1_300, CheckpointStore.NO_TERM)).isEqualTo(Saved.REFUSED);
        assertThat(checkpoint.load()).hasValue(1_200);
    }

    private JsonObject stored() {
        return collection.get(CouchbaseCheckpoint.KEY).contentAsObject();
    }
}
