package dev.rsvpstack.web;

import java.util.List;

/**
 * Where the page's data comes from (Couchbase views in production, anything in tests). The server's
 * one poller calls it from a single thread; a call that fails throws, and clients keep the last
 * snapshot, marked stale.
 */
public interface LatestRsvpsSource {
    /** The {@code limit} newest RSVPs by {@code mtime}, newest first. */
    List<RsvpRow> latest(int limit);

    /**
     * RSVPs per minute from {@code fromEpochMinute} to {@code toEpochMinute}, both included, in
     * minute order; minutes without RSVPs may be left out. A source without counts returns an empty
     * list (the default), and the page draws an empty chart.
     */
    default List<MinuteCount> countsPerMinute(long fromEpochMinute, long toEpochMinute) {
        return List.of();
    }
}
