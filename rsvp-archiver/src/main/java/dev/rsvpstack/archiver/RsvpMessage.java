package dev.rsvpstack.archiver;

import java.util.Objects;

/**
 * One RSVP from the stream: the fields the archiver needs, and the whole message as it arrived,
 * which is what gets stored.
 *
 * @param rsvpId the stream's {@code rsvp_id}, unique per RSVP
 * @param mtime  when the RSVP was last modified, in epoch milliseconds
 * @param json   the complete message
 */
public record RsvpMessage(long rsvpId, long mtime, String json) {
    public RsvpMessage {
        Objects.requireNonNull(json, "json");
    }

    /**
     * {@code rsvp::<rsvp_id>}: idempotent, so a replayed RSVP overwrites itself. The book's
     * {@code Date.now()} key lost RSVPs that arrived in the same millisecond.
     */
    public String documentKey() {
        return "rsvp::" + rsvpId;
    }
}
