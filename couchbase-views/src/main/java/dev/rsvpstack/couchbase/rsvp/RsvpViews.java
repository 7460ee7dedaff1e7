package dev.rsvpstack.couchbase.rsvp;

import dev.rsvpstack.couchbase.DesignDocument;
import dev.rsvpstack.couchbase.ViewQuery;

/**
 * The RSVP documents' views, defined once for the archiver (which writes {@code rsvp::<rsvp_id>} and
 * ensures them at connect) and the web (which reads them, and recreates them if they disappear). In
 * design document {@value #DESIGN_DOCUMENT_NAME}: {@value #LATEST_BY_MTIME} (RSVPs keyed by {@code mtime},
 * each row carrying just what the page's list shows, so a query needs no document fetches) and
 * {@value #PER_MINUTE} (keyed by epoch minute, reduced with {@code _count}, queried with
 * {@code group=true} for the chart). Views are deprecated since Couchbase Server 7.0 and run only on
 * couchstore buckets.
 */
public final class RsvpViews {
    public static final String DESIGN_DOCUMENT_NAME = "rsvps";
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

    /** Both views; give it to {@code CouchbaseSettings.Builder.designDocument}. */
    public static final DesignDocument DESIGN_DOCUMENT = DesignDocument.builder(DESIGN_DOCUMENT_NAME)
            .view(LATEST_BY_MTIME, LATEST_MAP)
            .view(PER_MINUTE, PER_MINUTE_MAP, "_count")
            .build();

    private RsvpViews() {
    }

    /** The book's query: the {@code limit} newest RSVPs by {@code mtime}, newest first. */
    public static ViewQuery latest(int limit) {
        return ViewQuery.builder(DESIGN_DOCUMENT_NAME, LATEST_BY_MTIME).descending(true).limit(limit).build();
    }

    /** RSVPs per epoch minute, both ends included: one row per minute with RSVPs, key the minute, value the count. */
    public static ViewQuery perMinute(long fromEpochMinute, long toEpochMinute) {
        return ViewQuery.builder(DESIGN_DOCUMENT_NAME, PER_MINUTE).group(true)
                .startKey(fromEpochMinute).endKey(toEpochMinute).inclusiveEnd(true).build();
    }
}
