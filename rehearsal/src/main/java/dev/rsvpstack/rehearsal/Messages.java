package dev.rsvpstack.rehearsal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** The few things the rehearsal reads from JSON: the stream's RSVPs, the web's pushes, a view's rows. */
public final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RSVP_KEY_PREFIX = "rsvp::";

    private Messages() {
    }

    /** An RSVP's id and mtime, as the simulator sent it. */
    public record SentRsvp(long id, long mtime) {
    }

    /** A web push: the newest RSVP's mtime (0 if it had none) and staleSince (empty while fresh). */
    public record Push(long newestMtime, OptionalLong staleSince) {
    }

    /** The RSVP in a stream message, or empty for anything else (a fault, a message without both numbers). */
    public static Optional<SentRsvp> rsvp(String message) {
        JsonNode node = tree(message);
        if (node == null || !node.path("rsvp_id").canConvertToLong() || !node.path("mtime").canConvertToLong()
                || !node.path("rsvp_id").isIntegralNumber() || !node.path("mtime").isIntegralNumber()) {
            return Optional.empty();
        }
        return Optional.of(new SentRsvp(node.get("rsvp_id").asLong(), node.get("mtime").asLong()));
    }

    /** A web instance's push ({"type":"latest","rsvps":[...],"staleSince":...}), or empty if it is not one. */
    public static Optional<Push> push(String message) {
        JsonNode node = tree(message);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        long newest = 0;
        for (JsonNode rsvp : node.path("rsvps")) {
            newest = Math.max(newest, rsvp.path("mtime").asLong(0));
        }
        JsonNode stale = node.path("staleSince");
        return Optional.of(new Push(newest, stale.isIntegralNumber() ? OptionalLong.of(stale.asLong())
                : OptionalLong.empty()));
    }

    /**
     * The RSVP ids in a view answer ({"rows":[{"id":"rsvp::12",...}]}); empty if the answer has no
     * "rows" (an error, or an answer cut short under load, which is not an empty bucket).
     */
    public static Optional<Set<Long>> viewRsvpIds(String body) {
        JsonNode node = tree(body);
        if (node == null || !node.path("rows").isArray()) {
            return Optional.empty();
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (JsonNode row : node.get("rows")) {
            String id = row.path("id").asText("");
            if (id.startsWith(RSVP_KEY_PREFIX)) {
                try {
                    ids.add(Long.parseLong(id.substring(RSVP_KEY_PREFIX.length())));
                } catch (NumberFormatException e) {
                    // not one of the stream's keys: not counted
                }
            }
        }
        return Optional.of(ids);
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
