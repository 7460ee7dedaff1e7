package dev.rsvpstack.spring.session.internal;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;

/**
 * Spring Session's repository on a session-lib {@link SessionStore}: express-session records, written
 * as session-lib writes them (a new or re-identified session whole, a changed one by merging only the
 * attributes this request changed, an unchanged one refreshed with {@code touch} at most once per
 * {@code touchInterval}). A store failure costs the visitor the session, never an error page: a load
 * that fails is "no session", a write that fails is counted and logged at most every 10 s.
 *
 * <p>Events: {@link SessionCreatedEvent} when this instance stores a new session and
 * {@link SessionDeletedEvent} when it deletes one (logout, {@code invalidate()}). No
 * {@code SessionExpiredEvent}: memcached drops expired items silently, and sessions a Node instance
 * creates or destroys are invisible here, so such events could not be honest.
 */
public final class MemcachedSessionRepository implements SessionRepository<MemcachedSpringSession> {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedSessionRepository.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();
    /** Above this many remembered touch times, the memory is cleared rather than grown. */
    private static final int TOUCH_MEMORY = 100_000;
    private static final long FAILURE_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SessionStore store;
    private final SessionSettings settings;
    private final AttributeCodec codec;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration timeout;
    private final Map<String, Long> lastTouch = new ConcurrentHashMap<>();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - FAILURE_LOG_NANOS);

    /**
     * @param timeout how long a request waits for one store operation; beyond the store's own
     *                operation timeout only when the store is wedged
     */
    public MemcachedSessionRepository(SessionStore store, SessionSettings settings, AttributeCodec codec,
            ApplicationEventPublisher events, Clock clock, Duration timeout) {
        this.store = store;
        this.settings = settings;
        this.codec = codec;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** express-session's id: uid-safe(24), 32 URL-safe base64 characters. */
    static String newId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return ID_ENCODING.encodeToString(bytes);
    }

    @Override
    public MemcachedSpringSession createSession() {
        Instant now = clock.instant();
        Duration maxAge = settings.maxAge();
        SessionCookie cookie = new SessionCookie(maxAge, maxAge == null ? null : now.plus(maxAge), settings.secure(),
                settings.httpOnly(), settings.domain(), settings.path(),
                settings.sameSite() == null ? null : settings.sameSite().attribute().toLowerCase(Locale.ROOT));
        return new MemcachedSpringSession(codec, true, newId(), cookie, Map.of(), settings.ttl(), now);
    }

    @Override
    public void save(MemcachedSpringSession session) {
        Duration ttl = session.getMaxInactiveInterval();
        if (session.isNew() || session.idChanged()) {
            boolean created = session.isNew();
            String previous = session.originalId();
            boolean idChanged = session.idChanged();
            if (await(store.save(session.record(), SessionChanges.whole(), ttl), "write of a new session")
                    .orElse(false) && created) {
                events.publishEvent(new SessionCreatedEvent(this, session));
            }
            if (idChanged && !created) {
                await(store.delete(previous), "delete of the session's previous id");
                lastTouch.remove(previous);
            }
            written(session);
            return;
        }
        if (!session.changed().isEmpty()) {
            await(store.save(session.record(), SessionChanges.of(session.changed()), ttl),
                    "write of a changed session");
            written(session);
            return;
        }
        touchIfDue(session.getId(), ttl);
    }

    /** A write sets the lifetime as a touch does: the next touch is due a touch interval from now. */
    private void written(MemcachedSpringSession session) {
        session.saved();
        remember(session.getId(), System.nanoTime());
    }

    private void remember(String id, long now) {
        if (lastTouch.size() >= TOUCH_MEMORY) {
            lastTouch.clear(); // at worst one extra touch per session
        }
        lastTouch.put(id, now);
    }

    private void touchIfDue(String id, Duration ttl) {
        long now = System.nanoTime();
        Long last = lastTouch.get(id);
        if (last != null && now - last < settings.touchInterval().toNanos()) {
            return;
        }
        remember(id, now);
        await(store.touch(id, ttl), "touch of a session");
    }

    @Override
    public MemcachedSpringSession findById(String id) {
        if (!SessionRecord.isValidId(id)) {
            return null;
        }
        Optional<SessionRecord> record = await(store.load(id), "load of a session").flatMap(found -> found);
        if (record.isEmpty()) {
            return null;
        }
        SessionRecord found = record.get();
        Duration maxAge = found.cookie().originalMaxAge();
        return new MemcachedSpringSession(codec, false, found.id(), found.cookie(), found.attributes(),
                maxAge != null ? maxAge : settings.storeTtl(), clock.instant());
    }

    @Override
    public void deleteById(String id) {
        if (!SessionRecord.isValidId(id)) {
            return;
        }
        lastTouch.remove(id);
        await(store.delete(id), "delete of a session");
        events.publishEvent(new SessionDeletedEvent(this, new MapSession(id)));
    }

    /** Store operations that failed or timed out since start; each cost a session, not a request. */
    public long storeFailures() {
        return storeFailures.get();
    }

    private <T> Optional<T> await(CompletionStage<T> operation, String what) {
        try {
            return Optional.ofNullable(operation.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(what, e);
        } catch (ExecutionException | TimeoutException e) {
            failed(what, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
        return Optional.empty();
    }

    private void failed(String what, Throwable cause) {
        storeFailures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= FAILURE_LOG_NANOS && lastFailureLog.compareAndSet(last, now)) {
            LOG.warn("session store: {} failed ({}); the request went on without it. storeFailures={} "
                    + "(logged at most every 10 s)", what, cause.toString(), storeFailures.get());
        }
    }
}
