package dev.rsvpstack.archiver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads a stream message and checks the fields that storing it depends on. It streams over the
 * message once (Jackson's token parser) rather than building a tree: the archiver stores the text
 * as it came, so it only needs three fields, and a whole pass still proves the JSON well-formed.
 */
public final class RsvpParser {
    private final JsonFactory factory;

    public RsvpParser(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    /**
     * @throws InvalidRsvpException when the text is not JSON, or {@code rsvp_id}, {@code mtime} or
     *                              {@code event} is missing or of the wrong type
     */
    public RsvpMessage parse(String text) throws InvalidRsvpException {
        long rsvpId = 0;
        long mtime = 0;
        boolean hasId = false;
        boolean hasMtime = false;
        boolean hasEvent = false;
        boolean badId = false;
        boolean badMtime = false;
        boolean badEvent = false;
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRsvpException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "rsvp_id" -> {
                        hasId = true;
                        badId = value != JsonToken.VALUE_NUMBER_INT || !fitsLong(parser);
                        rsvpId = badId ? 0 : parser.getLongValue();
                    }
                    case "mtime" -> {
                        hasMtime = true;
                        badMtime = value != JsonToken.VALUE_NUMBER_INT || !fitsLong(parser);
                        mtime = badMtime ? 0 : parser.getLongValue();
                    }
                    case "event" -> {
                        hasEvent = true;
                        badEvent = value != JsonToken.START_OBJECT;
                    }
                    default -> {
                        // not needed; skipped below
                    }
                }
                parser.skipChildren();
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new InvalidRsvpException("not JSON: trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidRsvpException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRsvpException("not JSON: " + e.getMessage(), e);
        }
        if (!hasId || badId) {
            throw new InvalidRsvpException("rsvp_id is missing or not an integer");
        }
        if (!hasMtime || badMtime) {
            throw new InvalidRsvpException("mtime is missing or not an integer (rsvp_id " + rsvpId + ")");
        }
        if (!hasEvent || badEvent) {
            throw new InvalidRsvpException("event is missing or not an object (rsvp_id " + rsvpId + ")");
        }
        return new RsvpMessage(rsvpId, mtime, text);
    }

    private static boolean fitsLong(JsonParser parser) throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }
}
