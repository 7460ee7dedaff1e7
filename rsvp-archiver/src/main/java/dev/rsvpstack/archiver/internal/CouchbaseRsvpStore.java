package dev.rsvpstack.archiver.internal;

import com.couchbase.client.java.AsyncCollection;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.codec.RawJsonTranscoder;
import com.couchbase.client.java.kv.UpsertOptions;
import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Stores each RSVP as document {@code rsvp::<rsvp_id>} through the SDK's async API. The message's
 * bytes go in unchanged (raw JSON transcoder): no parse-and-reserialize on the hot path.
 */
public final class CouchbaseRsvpStore implements RsvpStore {
    private static final UpsertOptions RAW_JSON = UpsertOptions.upsertOptions().transcoder(RawJsonTranscoder.INSTANCE);

    private final AsyncCollection collection;
    private final CouchbaseCheckpoint checkpoint;

    public CouchbaseRsvpStore(Collection collection) {
        this.collection = collection.async();
        this.checkpoint = new CouchbaseCheckpoint(collection);
    }

    @Override
    public CheckpointStore checkpoint() {
        return checkpoint;
    }

    @Override
    public CompletionStage<Void> store(RsvpMessage rsvp) {
        return collection.upsert(rsvp.documentKey(), rsvp.json().getBytes(StandardCharsets.UTF_8), RAW_JSON)
                .thenApply(result -> null);
    }
}
