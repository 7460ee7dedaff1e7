package dev.rsvpstack.archiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a stream message and checks the fields that storing it depends on. */
public final class RsvpParser {
    private final ObjectMapper mapper;

    public RsvpParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @throws InvalidRsvpException when the text is not JSON, or {@code rsvp_id}, {@code mtime} or
     *                              {@code event} is missing or of the wrong type
     */
    public RsvpMessage parse(String text) throws InvalidRsvpException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRsvpException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRsvpException("not a JSON object");
        }
        JsonNode rsvpId = root.get("rsvp_id");
        if (rsvpId == null || !rsvpId.canConvertToLong() || !rsvpId.isIntegralNumber()) {
            throw new InvalidRsvpException("rsvp_id is missing or not an integer");
        }
        JsonNode mtime = root.get("mtime");
        if (mtime == null || !mtime.isIntegralNumber() || !mtime.canConvertToLong()) {
            throw new InvalidRsvpException("mtime is missing or not an integer (rsvp_id " + rsvpId.asLong() + ")");
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            throw new InvalidRsvpException("event is missing or not an object (rsvp_id " + rsvpId.asLong() + ")");
        }
        return new RsvpMessage(rsvpId.asLong(), mtime.asLong(), text);
    }
}
