package dev.rsvpstack.web.internal;

import dev.rsvpstack.archiver.RsvpViews;
import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.error.DesignDocumentNotFoundException;
import com.couchbase.client.core.error.ViewNotFoundException;
import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewOrdering;
import com.couchbase.client.java.view.ViewResult;
import com.couchbase.client.java.view.ViewRow;
import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page's data from the views of {@link RsvpViews}: the latest RSVPs (descending, limit: the book's
 * query) and the per-minute counts. A view that is missing (a new bucket, a deleted design document, a
 * restarted server) is created and the query retried once; if that fails too, the error names the view.
 */
public final class CouchbaseLatestRsvps implements LatestRsvpsSource {
    /** Shorter than a poll interval: a hung Couchbase must not stall the poller for the SDK's 75 s. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMillis(2500);
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseLatestRsvps.class);

    private final Bucket bucket;
    private final Duration queryTimeout;

    public CouchbaseLatestRsvps(Bucket bucket) {
        this(bucket, DEFAULT_QUERY_TIMEOUT);
    }

    public CouchbaseLatestRsvps(Bucket bucket, Duration queryTimeout) {
        this.bucket = bucket;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public List<RsvpRow> latest(int limit) {
        ViewResult result = query(RsvpViews.LATEST_BY_MTIME, () -> ViewOptions.viewOptions()
                .order(ViewOrdering.DESCENDING).limit(limit).timeout(queryTimeout));
        List<RsvpRow> rows = new ArrayList<>(result.rows().size());
        for (ViewRow row : result.rows()) {
            row.valueAs(JsonObject.class).ifPresent(value -> rows.add(toRow(value)));
        }
        return rows;
    }

    @Override
    public List<MinuteCount> countsPerMinute(long fromEpochMinute, long toEpochMinute) {
        // A range's end key is excluded unless inclusiveEnd (CouchbaseMock and the server agree).
        ViewResult result = query(RsvpViews.PER_MINUTE, () -> ViewOptions.viewOptions().group(true)
                .startKey(fromEpochMinute).endKey(toEpochMinute).inclusiveEnd(true).timeout(queryTimeout));
        List<MinuteCount> counts = new ArrayList<>(result.rows().size());
        for (ViewRow row : result.rows()) {
            Number minute = row.keyAs(Number.class).orElse(null);
            Number count = row.valueAs(Number.class).orElse(null);
            if (minute != null && count != null && count.longValue() >= 0) {
                counts.add(new MinuteCount(minute.longValue(), count.longValue()));
            }
        }
        return counts;
    }

    private ViewResult query(String view, Supplier<ViewOptions> options) {
        try {
            return bounded(view, options.get());
        } catch (CouchbaseException e) {
            if (!missingView(e)) {
                throw e;
            }
            LOG.warn("view {}/{} is missing in bucket '{}'; creating it", RsvpViews.DESIGN_DOCUMENT, view, bucket.name());
            try {
                RsvpViews.ensure(bucket);
                return bounded(view, options.get());
            } catch (RuntimeException again) {
                again.addSuppressed(e);
                throw new IllegalStateException("view " + RsvpViews.DESIGN_DOCUMENT + "/" + view + " is missing in bucket '"
                        + bucket.name() + "' and could not be created (" + again.getMessage()
                        + "); create it with RsvpViews.ensure or the Couchbase console", again);
            }
        }
    }

    /**
     * The query, waited for at most the query timeout and a second: a blocking SDK call in flight while its
     * cluster is disconnected (the old connection, closed after a RELOAD swap) was seen to wait forever.
     */
    private ViewResult bounded(String view, ViewOptions options) {
        CompletableFuture<ViewResult> result = bucket.async().viewQuery(RsvpViews.DESIGN_DOCUMENT, view, options);
        try {
            return result.get(queryTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new IllegalStateException("view " + RsvpViews.DESIGN_DOCUMENT + "/" + view + " did not answer within "
                    + (queryTimeout.toMillis() + 1000) + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("view " + RsvpViews.DESIGN_DOCUMENT + "/" + view + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying view " + view, e);
        }
    }

    private static boolean missingView(CouchbaseException e) {
        if (e instanceof ViewNotFoundException || e instanceof DesignDocumentNotFoundException) {
            return true;
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("not_found") || message.contains("missing_named_view");
    }

    private static RsvpRow toRow(JsonObject value) {
        return new RsvpRow(number(value, "rsvpId"), number(value, "mtime"), text(value, "member"),
                text(value, "response"), text(value, "eventName"), text(value, "eventUrl"),
                text(value, "groupName"), text(value, "city"));
    }

    /** Whatever the stream put there, as text (a number where a name belongs must not fail the poll). */
    private static String text(JsonObject value, String name) {
        Object raw = value.get(name);
        return raw == null ? null : raw instanceof String s ? s : String.valueOf(raw);
    }

    private static long number(JsonObject value, String name) {
        Object raw = value.get(name);
        return raw instanceof Number number ? number.longValue() : 0;
    }
}
