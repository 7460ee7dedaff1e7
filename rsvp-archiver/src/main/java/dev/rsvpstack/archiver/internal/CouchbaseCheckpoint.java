package dev.rsvpstack.archiver.internal;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.GetOptions;
import com.couchbase.client.java.kv.UpsertOptions;
import dev.rsvpstack.archiver.CheckpointStore;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resume point as document {@value #KEY} beside the RSVPs: if Couchbase is replaced by an
 * empty one, the checkpoint goes with the data it described, and the archiver joins the live stream.
 */
public final class CouchbaseCheckpoint implements CheckpointStore {
    public static final String KEY = "archiver::checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseCheckpoint.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Collection collection;
    private boolean failing;

    public CouchbaseCheckpoint(Collection collection) {
        this.collection = collection;
    }

    @Override
    public OptionalLong load() {
        try {
            Number mtime = collection.get(KEY, GetOptions.getOptions().timeout(TIMEOUT)).contentAsObject()
                    .getNumber("mtime");
            return mtime == null ? OptionalLong.empty() : OptionalLong.of(mtime.longValue());
        } catch (DocumentNotFoundException e) {
            return OptionalLong.empty();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the checkpoint {}: {}; joining the live stream", KEY, e.toString());
            return OptionalLong.empty();
        }
    }

    @Override
    public void save(long mtime) {
        try {
            collection.upsert(KEY, JsonObject.create().put("mtime", mtime),
                    UpsertOptions.upsertOptions().timeout(TIMEOUT));
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot save the checkpoint {}: {}; retrying", KEY, e.toString());
                failing = true;
            }
        }
    }
}
