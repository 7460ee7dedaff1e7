package dev.rsvpstack.session;

import java.time.Duration;
import java.util.Set;

/**
 * The session of one request. Attributes are JSON values: strings, numbers, booleans, lists, maps and
 * records or POJOs that Jackson can write; they are checked when set, so an attribute that cannot be
 * stored fails at {@link #setAttribute(String, Object)} with its name, not later at commit.
 *
 * <p>Changes are written once, when the response is committed, and only if there are any. A value
 * that was read and then changed in place (a list one adds to) is noticed and written too. Instances
 * belong to one request and are safe to use from the threads serving it.
 */
public interface Session {
    /** The session id: the part of the cookie before the signature. Changes on {@link #regenerateId()}. */
    String id();

    /** Whether the session was created by this request (the client sent no valid cookie for a stored one). */
    boolean isNew();

    /**
     * The attribute's value: the object set in this request, or the stored plain JSON value
     * ({@code String}, {@code Number}, {@code Boolean}, {@code List}, {@code Map}); {@code null} if absent.
     */
    Object getAttribute(String name);

    /**
     * The attribute converted to {@code type} through Jackson, for records and POJOs stored by an
     * earlier request; {@code null} if absent.
     *
     * @throws IllegalArgumentException naming the attribute if the stored value does not fit {@code type}
     */
    <T> T getAttribute(String name, Class<T> type);

    /**
     * Sets an attribute; {@code null} removes it.
     *
     * @throws IllegalArgumentException naming the attribute if the value cannot be written as JSON,
     *                                  or if the name is {@code cookie} (express-session's member)
     * @throws IllegalStateException    if the session was invalidated
     */
    void setAttribute(String name, Object value);

    /** Removes an attribute. */
    void removeAttribute(String name);

    /** The attribute names. */
    Set<String> attributeNames();

    /**
     * Gives the session a new id and keeps its attributes; the old id is deleted. Call it when a user
     * logs in, so that an id planted before the login (session fixation) is worth nothing.
     */
    void regenerateId();

    /** Destroys the session: deleted from the store, and no cookie is sent for it. */
    void invalidate();

    /** Whether {@link #invalidate()} was called. */
    boolean isInvalidated();

    /** This session's lifetime, or {@code null} for a browser-session cookie. */
    Duration maxAge();

    /** Changes this session's lifetime (express-session's {@code req.session.cookie.maxAge}). */
    void setMaxAge(Duration maxAge);
}
