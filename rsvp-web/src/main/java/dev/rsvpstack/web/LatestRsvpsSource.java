package dev.rsvpstack.web;

import java.util.List;

/** Where the newest RSVPs come from (a Couchbase view in production, anything in tests). */
public interface LatestRsvpsSource {
    /** The {@code limit} newest RSVPs by {@code mtime}, newest first. */
    List<RsvpRow> latest(int limit);
}
