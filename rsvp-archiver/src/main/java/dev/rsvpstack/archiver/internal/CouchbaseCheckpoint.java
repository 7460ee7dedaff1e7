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
 * The resume point as document {@value #KEY} beside the RSVPs it describes. If Couchbase is replaced
 * by an empty one, the checkpoint goes with the old data; the archiver then falls back on its
 * {@link LocalCheckpoint}.
 */
public final class CouchbaseCheckpoint implements CheckpointStore {
    public static final String KEY = "archiver::checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseCheckpoint.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Collection collection;
    private volatile boolean failing;

    public CouchbaseCheckpoint(Collection collection) {
        this.collection = collection;
    }

    @Override
    public OptionalLong load() {
        try {
            Number mtime = collection.get(KEY, GetOptions.getOptions().timeout(TIMEOUT)).contentAsObject()
                    .getNumber("mtime");
            failing = false;
            return mtime == null ? OptionalLong.empty() : OptionalLong.of(mtime.longValue());
        } catch (DocumentNotFoundException e) {
            failing = false;
            return OptionalLong.empty();
        } catch (RuntimeException e) {
            failed("read", e);
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
            failed("save", e);
        }
    }

    /** Logged once until a read or save succeeds again: a standby reads this every second while Couchbase is away. */
    private synchronized void failed(String what, RuntimeException e) {
        if (!failing) {
            LOG.warn("cannot {} the checkpoint {}: {}", what, KEY, e.toString());
            failing = true;
        }
    }
}
