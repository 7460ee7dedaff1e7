package dev.rsvpstack.session.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON values (String, Number, Boolean, null, List, Map) for session attributes. Attributes are
 * turned into plain values when they are set, so that a value Jackson cannot write fails right there,
 * with its name, instead of at commit when nobody can tell which attribute was at fault.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * {@code value} as plain JSON values, through Jackson for records and POJOs.
     *
     * @throws IllegalArgumentException naming the attribute when Jackson cannot write the value
     */
    public static Object toPlain(ObjectMapper mapper, String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("session attribute '" + name + "' is " + d
                    + ", which JSON cannot hold");
        }
        try {
            return freeze(mapper.convertValue(value, Object.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** A deeply unmodifiable copy of a map of plain values (nulls kept, order kept). */
    public static Map<String, Object> freezeMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            copy.put(entry.getKey(), freeze(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** A deeply unmodifiable copy of a plain value. */
    public static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(String.valueOf(entry.getKey()), freeze(entry.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
