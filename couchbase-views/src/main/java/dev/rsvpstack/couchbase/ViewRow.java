package dev.rsvpstack.couchbase;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One row of a view's answer, as JSON trees.
 *
 * @param id    the emitting document's id; {@code null} for a reduced row
 * @param key   the emitted key ({@link NullNode} for a reduce without grouping)
 * @param value the emitted (or reduced) value ({@link NullNode} for {@code emit(k, null)})
 */
public record ViewRow(String id, JsonNode key, JsonNode value) {
    /** A record may take only the fields it needs from a row's value. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public ViewRow {
        key = key == null ? NullNode.getInstance() : key;
        value = value == null ? NullNode.getInstance() : value;
    }

    /** The key as {@code type} (a record, a {@code Long}, a {@code List}...), by Jackson's rules. */
    public <T> T keyAs(Class<T> type) {
        return MAPPER.convertValue(key, type);
    }

    /** The value as {@code type} (a record, a {@code Long}, a {@code Map}...), by Jackson's rules;
     * fields the type does not have are ignored. */
    public <T> T valueAs(Class<T> type) {
        return MAPPER.convertValue(value, type);
    }
}
