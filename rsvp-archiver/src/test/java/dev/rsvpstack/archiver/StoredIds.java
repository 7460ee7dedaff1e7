package dev.rsvpstack.archiver;

import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Checks, with bounded concurrency, which of a range of RSVP ids are not (provably) stored. */
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
                    // Not found, or not known yet (a timeout on a busy mock): either way not proven stored.
                    missing.add(rsvpId);
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
