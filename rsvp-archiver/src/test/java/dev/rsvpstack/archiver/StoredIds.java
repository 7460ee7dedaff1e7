package dev.rsvpstack.archiver;

import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/** Checks, with bounded concurrency, which of a range of RSVP ids are not stored. */
final class StoredIds {
    private StoredIds() {
    }

    static List<Long> missing(Collection collection, long first, long last) throws InterruptedException {
        List<Long> missing = Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(256);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (long id = first; id <= last; id++) {
            permits.acquire();
            long rsvpId = id;
            all.add(collection.async().get("rsvp::" + id).handle((result, error) -> {
                permits.release();
                if (error != null) {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof DocumentNotFoundException) {
                        missing.add(rsvpId);
                    } else {
                        throw new IllegalStateException("get rsvp::" + rsvpId + " failed", cause);
                    }
                } else if (result.contentAs(JsonObject.class).getLong("rsvp_id") != rsvpId) {
                    throw new IllegalStateException("rsvp::" + rsvpId + " holds another RSVP");
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Collections.sort(missing);
        return missing;
    }

    /** Makes the next archiver on this bucket ask for the whole history ({@code since_mtime=0}). */
    static void replayEverything(Collection collection) {
        collection.upsert("archiver::checkpoint", JsonObject.create().put("mtime", 0));
    }
}
