package dev.rsvpstack.web.internal;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewOrdering;
import com.couchbase.client.java.view.ViewRow;
import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.RsvpRow;
import java.util.ArrayList;
import java.util.List;

/** The latest RSVPs from the {@code latest_by_mtime} view, newest first (the book's query). */
public final class CouchbaseLatestRsvps implements LatestRsvpsSource {
    private final Bucket bucket;

    public CouchbaseLatestRsvps(Bucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public List<RsvpRow> latest(int limit) {
        List<ViewRow> rows = bucket.viewQuery(RsvpViews.DESIGN_DOCUMENT, RsvpViews.LATEST_BY_MTIME,
                ViewOptions.viewOptions().order(ViewOrdering.DESCENDING).limit(limit)).rows();
        List<RsvpRow> result = new ArrayList<>(rows.size());
        for (ViewRow row : rows) {
            row.valueAs(JsonObject.class).ifPresent(value -> result.add(toRow(value)));
        }
        return result;
    }

    private static RsvpRow toRow(JsonObject value) {
        return new RsvpRow(number(value, "rsvpId"), number(value, "mtime"), value.getString("member"),
                value.getString("response"), value.getString("eventName"), value.getString("eventUrl"),
                value.getString("groupName"), value.getString("city"));
    }

    private static long number(JsonObject value, String name) {
        Number number = value.getNumber(name);
        return number == null ? 0 : number.longValue();
    }
}
