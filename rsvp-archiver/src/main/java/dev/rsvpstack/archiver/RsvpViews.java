package dev.rsvpstack.archiver;

import com.couchbase.client.core.error.DesignDocumentNotFoundException;
import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.manager.view.DesignDocument;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's read side, owned here because the archiver writes the documents: the views the web
 * page reads, in design document {@value #DESIGN_DOCUMENT}:
 * {@value #LATEST_BY_MTIME} (RSVPs keyed by {@code mtime}, each row carrying just what the list shows,
 * so a query needs no document fetches) and {@value #PER_MINUTE} (keyed by epoch minute, reduced with
 * {@code _count}, queried with {@code group=true} for the chart). Views are deprecated on Couchbase
 * Server 7+ (they still work on couchstore buckets). The archiver creates them when it connects; the
 * web recreates them if they disappear.
 */
public final class RsvpViews {
    public static final String DESIGN_DOCUMENT = "rsvps";
    public static final String LATEST_BY_MTIME = "latest_by_mtime";
    public static final String PER_MINUTE = "per_minute";

    static final String LATEST_MAP = """
            function (doc, meta) {
              if (meta.id.indexOf('rsvp::') !== 0 || typeof doc.mtime !== 'number') { return; }
              var event = doc.event || {}, group = doc.group || {}, member = doc.member || {};
              emit(doc.mtime, {
                rsvpId: doc.rsvp_id, mtime: doc.mtime, member: member.member_name, response: doc.response,
                eventName: event.event_name, eventUrl: event.event_url,
                groupName: group.group_name, city: group.group_city
              });
            }""";

    static final String PER_MINUTE_MAP = """
            function (doc, meta) {
              if (meta.id.indexOf('rsvp::') !== 0 || typeof doc.mtime !== 'number') { return; }
              emit(Math.floor(doc.mtime / 60000), null);
            }""";

    private static final Map<String, View> VIEWS = Map.of(
            LATEST_BY_MTIME, new View(LATEST_MAP),
            PER_MINUTE, new View(PER_MINUTE_MAP, "_count"));

    private static final Logger LOG = LoggerFactory.getLogger(RsvpViews.class);

    private RsvpViews() {
    }

    /**
     * Creates the design document when it is missing, and adds any of our views it lacks (keeping
     * views others put there). An existing view of ours is left as it is.
     */
    public static void ensure(Bucket bucket) {
        Map<String, View> views = new HashMap<>();
        try {
            views.putAll(bucket.viewIndexes().getDesignDocument(DESIGN_DOCUMENT, DesignDocumentNamespace.PRODUCTION)
                    .views());
        } catch (DesignDocumentNotFoundException e) {
            // created below
        }
        if (views.keySet().containsAll(VIEWS.keySet())) {
            return;
        }
        VIEWS.forEach(views::putIfAbsent);
        bucket.viewIndexes().upsertDesignDocument(new DesignDocument(DESIGN_DOCUMENT, views),
                DesignDocumentNamespace.PRODUCTION);
        LOG.info("created design document '{}' with views {} in bucket '{}'", DESIGN_DOCUMENT, views.keySet(),
                bucket.name());
    }
}
