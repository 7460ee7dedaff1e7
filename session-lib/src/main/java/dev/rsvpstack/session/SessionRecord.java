package dev.rsvpstack.session;

import dev.rsvpstack.session.internal.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * A session as a store holds it: the id, the express-session {@code cookie} member and the
 * attributes as plain JSON values ({@code String}, {@code Number}, {@code Boolean}, {@code null},
 * {@code List} and {@code Map} of those). Plain values, not objects, because the record is shared
 * with applications in other languages and must never need Java serialization to read.
 *
 * @param id         the session id (the part of the cookie before the signature)
 * @param cookie     the stored cookie member
 * @param attributes the attributes, deeply unmodifiable; never contains the reserved name {@code cookie}
 */
public record SessionRecord(String id, SessionCookie cookie, Map<String, Object> attributes) {
    /** The attribute name express-session uses for the cookie member; no attribute may take it. */
    public static final String COOKIE_MEMBER = "cookie";
    private static final int MAX_ID_LENGTH = 200;

    public SessionRecord {
        requireValidId(id);
        Objects.requireNonNull(cookie, "cookie");
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.containsKey(COOKIE_MEMBER)) {
            throw new IllegalArgumentException("'" + COOKIE_MEMBER + "' is the stored cookie member, not an attribute");
        }
        attributes = JsonValues.freezeMap(attributes);
    }

    /**
     * Checks that {@code id} can be a cookie value and a memcached key: 1 to 200 printable ASCII
     * characters without space, quote, comma, semicolon, backslash or percent sign.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static String requireValidId(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a session id: " + abbreviate(id));
        }
        return id;
    }

    /** Whether {@code id} passes {@link #requireValidId(String)}. */
    public static boolean isValidId(String id) {
        // A loop, not a regular expression: it runs on every request with a cookie and every new session.
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '%' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A copy with other attributes. */
    public SessionRecord withAttributes(Map<String, Object> newAttributes) {
        return new SessionRecord(id, cookie, newAttributes);
    }

    /** A copy with another cookie member. */
    public SessionRecord withCookie(SessionCookie newCookie) {
        return new SessionRecord(id, newCookie, attributes);
    }

    static String abbreviate(String id) {
        if (id == null) {
            return "null";
        }
        return id.length() <= 40 ? "'" + id + "'" : "'" + id.substring(0, 40) + "…' (" + id.length() + " chars)";
    }
}
