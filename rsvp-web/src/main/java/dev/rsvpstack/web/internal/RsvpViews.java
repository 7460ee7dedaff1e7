package dev.rsvpstack.web.internal;

import com.couchbase.client.core.error.DesignDocumentNotFoundException;
import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.manager.view.DesignDocument;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Couchbase view the page reads: RSVPs keyed by {@code mtime}, each row carrying just what the
 * list shows, so a query needs no extra document fetches. Views are deprecated on Couchbase Server
 * 7+ (they still work on couchstore buckets).
 */
public final class RsvpViews {
    public static final String DESIGN_DOCUMENT = "rsvps";
    public static final String LATEST_BY_MTIME = "latest_by_mtime";

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

    private static final Logger LOG = LoggerFactory.getLogger(RsvpViews.class);

    private RsvpViews() {
    }

    /** Creates the design document when it is missing; leaves an existing one alone. */
    public static void ensure(Bucket bucket) {
        try {
            bucket.viewIndexes().getDesignDocument(DESIGN_DOCUMENT, DesignDocumentNamespace.PRODUCTION);
        } catch (DesignDocumentNotFoundException e) {
            bucket.viewIndexes().upsertDesignDocument(
                    new DesignDocument(DESIGN_DOCUMENT, Map.of(LATEST_BY_MTIME, new View(LATEST_MAP))),
                    DesignDocumentNamespace.PRODUCTION);
            LOG.info("created design document '{}' in bucket '{}'", DESIGN_DOCUMENT, bucket.name());
        }
    }
}
