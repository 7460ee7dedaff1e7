package dev.rsvpstack.archiver.internal;

import com.couchbase.client.java.AsyncCollection;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.codec.RawJsonTranscoder;
import com.couchbase.client.java.kv.UpsertOptions;
import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.RsvpMessage;
import dev.rsvpstack.archiver.RsvpStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Stores each RSVP as document {@code rsvp::<rsvp_id>} through the SDK's async API. The message's
 * bytes go in unchanged (raw JSON transcoder): no parse-and-reserialize on the hot path. With a
 * retention, each write sets the document's expiry (the resume checkpoint never expires).
 */
public final class CouchbaseRsvpStore implements RsvpStore {
    private final AsyncCollection collection;
    private final CouchbaseCheckpoint checkpoint;
    private final UpsertOptions options;

    /** RSVPs kept for ever. */
    public CouchbaseRsvpStore(Collection collection) {
        this(collection, Duration.ZERO);
    }

    /** RSVPs that expire {@code retention} after they were stored; {@link Duration#ZERO} for never. */
    public CouchbaseRsvpStore(Collection collection, Duration retention) {
        this(collection, retention, new SimpleMeterRegistry());
    }

    /** The same, with the checkpoint's meters on {@code registry}. */
    public CouchbaseRsvpStore(Collection collection, Duration retention, MeterRegistry registry) {
        this.collection = collection.async();
        this.checkpoint = new CouchbaseCheckpoint(collection, registry);
        UpsertOptions raw = UpsertOptions.upsertOptions().transcoder(RawJsonTranscoder.INSTANCE);
        this.options = retention.isZero() ? raw : raw.expiry(retention); // the SDK sends > 30 days as a date
    }

    @Override
    public CheckpointStore checkpoint() {
        return checkpoint;
    }

    @Override
    public CompletionStage<Void> store(RsvpMessage rsvp) {
        return collection.upsert(rsvp.documentKey(), rsvp.json().getBytes(StandardCharsets.UTF_8), options)
                .thenApply(result -> null);
    }
}
