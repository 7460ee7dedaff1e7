package dev.rsvpstack.spring.session.internal;

import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.session.Session;

/**
 * One request's view of a session: the stored record's plain attributes, read back into the
 * application's objects on first use, and the names this request changed (the store merges only
 * those onto the newest record, so concurrent requests on one session keep each other's changes).
 */
public final class MemcachedSpringSession implements Session {
    private final AttributeCodec codec;
    private boolean isNew;
    private String originalId;
    private final SessionCookie cookie;
    private final Map<String, Object> stored;
    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> changed = new HashSet<>();
    private final Instant creationTime;
    private String id;
    private Instant lastAccessedTime;
    private Duration maxInactiveInterval;

    MemcachedSpringSession(AttributeCodec codec, boolean isNew, String id, SessionCookie cookie,
            Map<String, Object> stored, Duration maxInactiveInterval, Instant now) {
        this.codec = codec;
        this.isNew = isNew;
        this.originalId = id;
        this.id = id;
        this.cookie = cookie;
        this.stored = new LinkedHashMap<>(stored);
        this.maxInactiveInterval = maxInactiveInterval;
        // express-session records neither: both are when this request began using the session
        this.creationTime = now;
        this.lastAccessedTime = now;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String changeSessionId() {
        id = MemcachedSessionRepository.newId();
        return id;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String name) {
        if (values.containsKey(name)) {
            return (T) values.get(name);
        }
        Object plain = stored.get(name);
        if (plain == null) {
            return null;
        }
        Object value = codec.fromPlain(name, plain);
        values.put(name, value);
        return (T) value;
    }

    @Override
    public Set<String> getAttributeNames() {
        Set<String> names = new HashSet<>(stored.keySet());
        values.forEach((name, value) -> {
            if (value == null) {
                names.remove(name);
            } else {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (SessionRecord.COOKIE_MEMBER.equals(name)) {
            throw new IllegalArgumentException("'cookie' is express-session's cookie member, not an attribute");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        // written now, so that a value JSON cannot hold fails here, with its name, not after the response
        stored.put(name, codec.toPlain(name, value));
        values.put(name, value);
        changed.add(name);
    }

    @Override
    public void removeAttribute(String name) {
        if (stored.remove(name) != null || values.get(name) != null) {
            changed.add(name);
        }
        values.put(name, null);
    }

    @Override
    public Instant getCreationTime() {
        return creationTime;
    }

    @Override
    public void setLastAccessedTime(Instant time) {
        lastAccessedTime = time;
    }

    @Override
    public Instant getLastAccessedTime() {
        return lastAccessedTime;
    }

    @Override
    public void setMaxInactiveInterval(Duration interval) {
        maxInactiveInterval = interval;
    }

    @Override
    public Duration getMaxInactiveInterval() {
        return maxInactiveInterval;
    }

    /** memcached drops an expired session itself; one that was loaded has not expired. */
    @Override
    public boolean isExpired() {
        return false;
    }

    boolean isNew() {
        return isNew;
    }

    String originalId() {
        return originalId;
    }

    boolean idChanged() {
        return !id.equals(originalId);
    }

    Set<String> changed() {
        return changed;
    }

    SessionRecord record() {
        return new SessionRecord(id, cookie, stored);
    }

    /** After a write: the next save of this object writes only what changes from now on. */
    void saved() {
        changed.clear();
        isNew = false;
        originalId = id;
    }
}
