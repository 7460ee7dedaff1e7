package dev.rsvpstack.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.ViewRow;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The page's data from the RSVP views: the latest RSVPs (descending, limit: the book's query) and the
 * per-minute counts. Missing views, timeouts and errors are the connection's business (couchbase-views).
 */
public final class CouchbaseLatestRsvps implements LatestRsvpsSource {
    private final CouchbaseConnection couchbase;

    public CouchbaseLatestRsvps(CouchbaseConnection couchbase) {
        this.couchbase = couchbase;
    }

    @Override
    public List<RsvpRow> latest(int limit) {
        List<RsvpRow> rows = new ArrayList<>();
        for (ViewRow row : couchbase.query(RsvpViews.latest(limit))) {
            if (row.value().isObject()) {
                rows.add(toRow(row.value()));
            }
        }
        return rows;
    }

    @Override
    public List<MinuteCount> countsPerMinute(long fromEpochMinute, long toEpochMinute) {
        List<MinuteCount> counts = new ArrayList<>();
        for (ViewRow row : couchbase.query(RsvpViews.perMinute(fromEpochMinute, toEpochMinute))) {
            if (row.key().isNumber() && row.value().isNumber() && row.value().longValue() >= 0) {
                counts.add(new MinuteCount(row.key().longValue(), row.value().longValue()));
            }
        }
        return counts;
    }

    private static RsvpRow toRow(JsonNode value) {
        return new RsvpRow(number(value, "rsvpId"), number(value, "mtime"), text(value, "member"),
                text(value, "response"), text(value, "eventName"), text(value, "eventUrl"),
                text(value, "groupName"), text(value, "city"));
    }

    /** Whatever the stream put there, as text (a number where a name belongs must not fail the poll). */
    private static String text(JsonNode value, String name) {
        JsonNode field = value.get(name);
        return field == null || field.isNull() ? null : field.isTextual() ? field.textValue() : field.toString();
    }

    private static long number(JsonNode value, String name) {
        JsonNode field = value.get(name);
        return field != null && field.isNumber() ? field.longValue() : 0;
    }
}
