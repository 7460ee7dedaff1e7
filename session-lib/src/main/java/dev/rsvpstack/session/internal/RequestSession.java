package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.Session;
import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One request's session: resolved lazily from the requested id (loaded from the store on first use,
 * or fresh), changed in memory, and written once by {@link SessionEngine#commit(RequestSession)}.
 * Synchronized because a request may move between threads (Undertow's I/O and worker threads, async
 * servlets).
 */
public final class RequestSession implements Session {
    private final SessionEngine engine;
    private final String requestedId;
    private final CookieSink sink;
    private final Instant startedAt;

    private CompletableFuture<Void> loading;
    private boolean resolved;
    private String id;
    private boolean isNew;
    private boolean materialized;
    private Map<String, Object> attributes = new LinkedHashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private Duration maxAge;
    private boolean maxAgeChanged;
    private boolean invalidated;
    private final Set<String> toDelete = new LinkedHashSet<>();
    private boolean wholeRecord;
    private boolean cookieSent;
    private boolean committed;

    RequestSession(SessionEngine engine, String requestedId, CookieSink sink) {
        this.engine = engine;
        this.requestedId = requestedId;
        this.sink = sink;
        this.startedAt = engine.now();
        this.maxAge = engine.settings().maxAge();
    }

    /** The id from a valid signed cookie, or {@code null}. */
    public String requestedId() {
        return requestedId;
    }

    /** When this request began with the session; servlets' creation and last-access time. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Starts loading the requested session; completes (never exceptionally) when it is resolved. */
    public synchronized CompletionStage<Void> loadAsync() {
        if (loading == null) {
            if (requestedId == null) {
                resolveFresh();
                loading = CompletableFuture.completedFuture(null);
            } else {
                loading = engine.load(requestedId).thenAccept(this::resolve).toCompletableFuture();
            }
        }
        return loading;
    }

    /** Whether the session is resolved (loaded or fresh). */
    public synchronized boolean isResolved() {
        return resolved;
    }

    /**
     * Blocks until the session is resolved; the store's operation timeout bounds the wait. Never
     * called holding this object's lock: the load completes through {@link #resolve}, which needs it.
     */
    public void awaitLoaded() {
        loadAsync().toCompletableFuture().join();
    }

    /**
     * Whether a session exists for the servlet API's {@code getSession(false)}: one was stored, or
     * this request created it.
     */
    public boolean exists() {
        awaitLoaded();
        synchronized (this) {
            return !invalidated && (!isNew || materialized || !changed.isEmpty());
        }
    }

    /** Makes a new session real even without attributes (the servlet API's {@code getSession(true)}). */
    public void materialize() {
        awaitLoaded();
        synchronized (this) {
            if (invalidated) {
                // the servlet API: getSession(true) after invalidate() starts a new session
                invalidated = false;
                resolveFresh();
            }
            if (isNew && !materialized) {
                materialized = true;
                issueCookie();
            }
        }
    }

    private synchronized void resolve(Optional<SessionRecord> record) {
        if (resolved) {
            return;
        }
        if (record.isEmpty()) {
            resolveFresh();
            return;
        }
        SessionRecord stored = record.get();
        id = stored.id();
        isNew = false;
        attributes = new LinkedHashMap<>(stored.attributes());
        if (stored.cookie().originalMaxAge() != null) {
            maxAge = stored.cookie().originalMaxAge();
        }
        resolved = true;
        if (engine.settings().rolling()) {
            issueCookie();
        }
    }

    private void resolveFresh() {
        id = engine.newId();
        isNew = true;
        attributes = new LinkedHashMap<>();
        maxAge = engine.settings().maxAge();
        resolved = true;
        if (engine.settings().saveUninitialized()) {
            materialized = true;
            issueCookie();
        }
    }

    @Override
    public String id() {
        awaitLoaded();
        synchronized (this) {
            return id;
        }
    }

    @Override
    public boolean isNew() {
        awaitLoaded();
        synchronized (this) {
            return isNew;
        }
    }

    @Override
    public Object getAttribute(String name) {
        awaitLoaded();
        synchronized (this) {
            return attributes.get(name);
        }
    }

    @Override
    public <T> T getAttribute(String name, Class<T> type) {
        Object value = getAttribute(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        try {
            return engine.mapper().convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' is not a " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        requireName(name);
        JsonValues.toPlain(engine.mapper(), name, value); // fails here, with the name, if it cannot be stored
        awaitLoaded();
        synchronized (this) {
            requireLive();
            attributes.put(name, value);
            modified(name);
        }
    }

    @Override
    public void removeAttribute(String name) {
        requireName(name);
        awaitLoaded();
        synchronized (this) {
            requireLive();
            if (attributes.remove(name) != null || attributes.containsKey(name)) {
                modified(name);
            }
        }
    }

    @Override
    public Set<String> attributeNames() {
        awaitLoaded();
        synchronized (this) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(attributes.keySet()));
        }
    }

    @Override
    public void regenerateId() {
        awaitLoaded();
        synchronized (this) {
            requireLive();
            if (!isNew) {
                toDelete.add(id);
                wholeRecord = true;
            }
            id = engine.newId();
            materialized = true;
            issueCookie();
        }
    }

    @Override
    public void invalidate() {
        awaitLoaded();
        synchronized (this) {
            if (invalidated) {
                return;
            }
            invalidated = true;
            if (!isNew || wholeRecord) {
                toDelete.add(id);
            }
            if (cookieSent || requestedId != null) {
                sink.setCookie(SetCookie.clearing(engine.settings()));
            }
        }
    }

    @Override
    public synchronized boolean isInvalidated() {
        return invalidated;
    }

    @Override
    public Duration maxAge() {
        awaitLoaded();
        synchronized (this) {
            return maxAge;
        }
    }

    @Override
    public void setMaxAge(Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("maxAge must be positive or null, not " + value);
        }
        awaitLoaded();
        synchronized (this) {
            requireLive();
            maxAge = value;
            maxAgeChanged = true;
            materialized = materialized || isNew;
            issueCookie();
        }
    }

    private void modified(String name) {
        changed.add(name);
        if (!cookieSent && (isNew || maxAge != null || engine.settings().rolling())) {
            issueCookie();
        }
    }

    private void issueCookie() {
        Instant expires = maxAge == null ? null : engine.now().plus(maxAge);
        sink.setCookie(SetCookie.of(engine.settings(), engine.signer().sign(id), expires));
        cookieSent = true;
    }

    private void requireLive() {
        if (invalidated) {
            throw new IllegalStateException("session was invalidated");
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a session attribute needs a name");
        }
        if (SessionRecord.COOKIE_MEMBER.equals(name)) {
            throw new IllegalArgumentException("'cookie' is express-session's cookie member; choose another "
                    + "attribute name");
        }
    }

    // ---- for SessionEngine.commit ----

    /** What the commit must do, taken under the lock so that a late change is never half-written. */
    synchronized CommitPlan takePlan() {
        boolean first = !committed;
        committed = true;
        Set<String> deletes = toDelete.isEmpty() ? Set.of() : Set.copyOf(toDelete); // no copy on the usual path
        toDelete.clear();
        if (!resolved) {
            if (requestedId == null && engine.settings().saveUninitialized()) {
                // express-session saves a new session nobody touched when saveUninitialized is on:
                // the visitor's first response carries the cookie (the book's proof of memcached)
                resolveFresh();
            } else {
                // never used: keep it alive without loading it
                return first && requestedId != null ? CommitPlan.touch(requestedId, engine.settings().ttl())
                        : CommitPlan.none(deletes);
            }
        }
        if (invalidated) {
            return CommitPlan.none(deletes);
        }
        Duration ttl = maxAge != null ? maxAge : engine.settings().storeTtl();
        if (isNew || wholeRecord) {
            if (!isNew || materialized || !changed.isEmpty() || maxAgeChanged) {
                boolean created = isNew;
                SessionRecord record = record();
                clearChanges();
                return CommitPlan.whole(record, ttl, created, deletes);
            }
            return first ? CommitPlan.skip(deletes) : CommitPlan.none(deletes);
        }
        if (!changed.isEmpty() || maxAgeChanged) {
            Set<String> names = Set.copyOf(changed);
            SessionRecord record = record();
            clearChanges();
            return CommitPlan.merge(record, names, ttl, deletes);
        }
        return first ? CommitPlan.touch(id, ttl) : CommitPlan.none(deletes);
    }

    private void clearChanges() {
        changed.clear();
        isNew = false;
        wholeRecord = false;
        maxAgeChanged = false;
    }

    private SessionRecord record() {
        Map<String, Object> plain = new LinkedHashMap<>(attributes.size() * 2);
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            plain.put(entry.getKey(), changed.contains(entry.getKey())
                    ? JsonValues.toPlain(engine.mapper(), entry.getKey(), entry.getValue()) : entry.getValue());
        }
        SessionCookie cookie = new SessionCookie(maxAge, maxAge == null ? null : engine.now().plus(maxAge),
                engine.settings().secure(), engine.settings().httpOnly(), engine.settings().domain(),
                engine.settings().path(),
                engine.settings().sameSite() == null ? null
                        : engine.settings().sameSite().attribute().toLowerCase(java.util.Locale.ROOT));
        return new SessionRecord(id, cookie, plain);
    }
}
