package dev.rsvpstack.couchbase.internal;

import com.couchbase.client.java.codec.JacksonJsonSerializer;
import com.couchbase.client.java.json.JsonArray;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.view.ViewOptions;
import com.couchbase.client.java.view.ViewOrdering;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.couchbase.ViewQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A {@link ViewQuery} as the SDK's options. Rows are decoded with our (unshaded) Jackson. */
final class QueryOptions {
    static final JacksonJsonSerializer SERIALIZER = JacksonJsonSerializer.create(new ObjectMapper());

    private QueryOptions() {
    }

    static ViewOptions of(ViewQuery query, Duration timeout) {
        ViewOptions options = ViewOptions.viewOptions().serializer(SERIALIZER).timeout(timeout)
                .inclusiveEnd(query.inclusiveEnd());
        if (query.descending()) {
            options.order(ViewOrdering.DESCENDING);
        }
        if (query.limit() != null) {
            options.limit(query.limit());
        }
        if (query.skip() > 0) {
            options.skip(query.skip());
        }
        if (query.reduce() != null) {
            options.reduce(query.reduce());
        }
        if (query.group()) {
            options.group(true);
        }
        if (query.groupLevel() != null) {
            options.groupLevel(query.groupLevel());
        }
        if (query.startKey() != null) {
            startKey(options, query.startKey());
        }
        if (query.endKey() != null) {
            endKey(options, query.endKey());
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    private static void startKey(ViewOptions options, Object key) {
        if (key instanceof String s) {
            options.startKey(s);
        } else if (integral(key)) {
            options.startKey(((Number) key).longValue());
        } else if (key instanceof Number n) {
            options.startKey(n.doubleValue());
        } else if (key instanceof Boolean b) {
            options.startKey(b);
        } else if (key instanceof List<?> list) {
            options.startKey(JsonArray.from(list));
        } else {
            options.startKey(JsonObject.from((Map<String, ?>) key));
        }
    }

    @SuppressWarnings("unchecked")
    private static void endKey(ViewOptions options, Object key) {
        if (key instanceof String s) {
            options.endKey(s);
        } else if (integral(key)) {
            options.endKey(((Number) key).longValue());
        } else if (key instanceof Number n) {
            options.endKey(n.doubleValue());
        } else if (key instanceof Boolean b) {
            options.endKey(b);
        } else if (key instanceof List<?> list) {
            options.endKey(JsonArray.from(list));
        } else {
            options.endKey(JsonObject.from((Map<String, ?>) key));
        }
    }

    private static boolean integral(Object key) {
        return key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte;
    }
}
