package dev.rsvpstack.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns a snapshot into the one UTF-8 frame payload every client shares: encoded once per change,
 * not once per client (10,000 clients would otherwise mean 10,000 copies of it on the heap).
 */
public final class SnapshotEncoder {
    /** The message type the page's script expects. */
    public static final String TYPE = "latest";

    private final ObjectMapper mapper;

    public SnapshotEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The snapshot's content, without the publication time: two polls with equal keys changed nothing. */
    public String contentKey(Snapshot snapshot) {
        try {
            return mapper.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot could not be serialized", e);
        }
    }

    /**
     * The message: {@code {"type":"latest","rsvps":[...],"perMinute":[...],"chartEndMinute":..,
     * "chartMinutes":..,"staleSince":null,"publishedAt":<epoch ms>}}, read-only.
     */
    public ByteBuffer message(Snapshot snapshot, long publishedAt) {
        ObjectNode message = mapper.createObjectNode().put("type", TYPE);
        message.setAll((ObjectNode) mapper.valueToTree(snapshot));
        message.put("publishedAt", publishedAt);
        try {
            return ByteBuffer.wrap(mapper.writeValueAsString(message).getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot could not be serialized", e);
        }
    }
}
