package dev.rsvpstack.session.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Session records as express-session + connect-memcached store them: one JSON object whose
 * {@code cookie} member is express-session's cookie ({@code originalMaxAge} in ms or null,
 * {@code expires} as an ISO-8601 string, {@code secure}, {@code httpOnly}, {@code domain},
 * {@code path}, {@code sameSite}) and whose other members are the attributes.
 */
public final class SessionCodec {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    // JavaScript's Date.prototype.toJSON: always milliseconds, always Z.
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper;

    public SessionCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] encode(SessionRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SessionRecord.COOKIE_MEMBER, cookieJson(record.cookie()));
        json.putAll(record.attributes());
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            // attributes are plain values checked at setAttribute, so this is a bug, not bad input
            throw new UncheckedIOException("cannot write session " + record.id(), e);
        }
    }

    /**
     * The record stored as {@code bytes}, or empty when they are not a JSON object with a
     * {@code cookie} object member (another program's value, a truncated write).
     */
    public Optional<SessionRecord> decode(String id, byte[] bytes) {
        Map<String, Object> json;
        try {
            json = mapper.readValue(bytes, MAP);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null || !(json.remove(SessionRecord.COOKIE_MEMBER) instanceof Map<?, ?> cookie)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SessionRecord(id, cookie(cookie), json));
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> cookieJson(SessionCookie cookie) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("originalMaxAge", cookie.originalMaxAge() == null ? null : cookie.originalMaxAge().toMillis());
        if (cookie.expires() != null) {
            json.put("expires", JS_DATE.format(cookie.expires()));
        }
        json.put("secure", cookie.secure());
        json.put("httpOnly", cookie.httpOnly());
        if (cookie.domain() != null) {
            json.put("domain", cookie.domain());
        }
        json.put("path", cookie.path());
        if (cookie.sameSite() != null) {
            json.put("sameSite", cookie.sameSite());
        }
        return json;
    }

    private static SessionCookie cookie(Map<?, ?> json) {
        Duration maxAge = json.get("originalMaxAge") instanceof Number n ? Duration.ofMillis(n.longValue()) : null;
        Instant expires = json.get("expires") instanceof String s ? Instant.parse(s) : null;
        Object sameSite = json.get("sameSite");
        // express-session accepts true for Strict and false for none
        String sameSiteText = sameSite instanceof Boolean b ? (b ? "strict" : null)
                : sameSite instanceof String s ? s : null;
        return new SessionCookie(maxAge == null || maxAge.isNegative() ? null : maxAge, expires,
                Boolean.TRUE.equals(json.get("secure")), !Boolean.FALSE.equals(json.get("httpOnly")),
                json.get("domain") instanceof String d ? d : null,
                json.get("path") instanceof String p ? p : "/", sameSiteText);
    }
}
