package dev.rsvpstack.session.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStats;
import dev.rsvpstack.session.SessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of session handling that does not depend on the server: reading the cookie, loading,
 * deciding what to write, and writing without making the request wait. Undertow's
 * {@code SessionHandler} and the servlet {@code SessionFilter} are thin adapters around it.
 */
public final class SessionEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEngine.class);
    private static final Base64.Encoder ID_ENCODING = Base64.getUrlEncoder().withoutPadding();
    private static final int TOUCH_MEMORY = 100_000;

    private final SessionSettings settings;
    private final SessionStore store;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final CookieSigner signer;
    private final Counters counters = new Counters();
    private final TouchLimiter touches;
    private final SecureRandom random = new SecureRandom();
    private final ThrottledLog storeLog = new ThrottledLog(LOG, 10_000);

    public SessionEngine(SessionSettings settings, SessionStore store, ObjectMapper mapper, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.mapper = mapper;
        this.clock = clock;
        this.signer = new CookieSigner(settings.secrets());
        this.touches = new TouchLimiter(settings.touchInterval().toNanos(), TOUCH_MEMORY);
    }

    /** A request's session, resolved later; {@code cookieHeaders} are the request's Cookie headers. */
    public RequestSession begin(Iterable<String> cookieHeaders, CookieSink sink) {
        return new RequestSession(this, requestedId(cookieHeaders), sink);
    }

    /** The id of a validly signed session cookie, or {@code null}; anything else is counted. */
    String requestedId(Iterable<String> cookieHeaders) {
        String value = CookieHeader.find(cookieHeaders, settings.cookieName());
        if (value == null) {
            return null;
        }
        Optional<String> id = signer.unsign(value);
        if (id.isEmpty()) {
            counters.rejectedCookies.increment();
            LOG.debug("session cookie rejected (unsigned, tampered with, foreign secret or malformed), "
                    + "starting a new session: {} chars starting '{}'", value.length(),
                    value.substring(0, Math.min(12, value.length())));
            return null;
        }
        return id.get();
    }

    /** Loads a session; a failing store gives "no session", counted and logged, never an exception. */
    CompletionStage<Optional<SessionRecord>> load(String id) {
        CompletionStage<Optional<SessionRecord>> loading;
        try {
            loading = store.load(id);
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        return loading.handle((record, failure) -> {
            if (failure != null) {
                counters.storeFailures.increment();
                storeLog.warn("could not load a session; the request goes on with a new one", "session "
                        + XMemcachedSessionStore.abbreviate(id), failure);
                return Optional.<SessionRecord>empty();
            }
            if (record.isEmpty()) {
                counters.missingSessions.increment();
            }
            return record;
        });
    }

    /**
     * Writes what the request changed, without waiting for the store: the caller's response is not
     * delayed, and failures are counted and logged, never thrown.
     */
    public void commit(RequestSession session) {
        CommitPlan plan;
        try {
            plan = session.takePlan();
        } catch (IllegalArgumentException e) {
            // an attribute object changed after setAttribute into something JSON cannot hold
            counters.storeFailures.increment();
            LOG.warn("session not saved: {}", e.getMessage());
            return;
        }
        for (String id : plan.deletes()) {
            touches.forget(id);
            watch(() -> store.delete(id), "could not delete a session", id);
        }
        switch (plan.kind()) {
            case NONE -> {
            }
            case SKIP -> counters.skippedWrites.increment();
            case TOUCH -> {
                counters.skippedWrites.increment();
                if (touches.shouldTouch(plan.touchId())) {
                    counters.touches.increment();
                    watch(() -> store.touch(plan.touchId(), plan.ttl()), "could not refresh a session", plan.touchId());
                }
            }
            case WRITE -> {
                if (plan.created()) {
                    counters.created.increment();
                }
                counters.writes.increment();
                touches.written(plan.record().id());
                watch(() -> store.save(plan.record(), plan.changes(), plan.ttl()), "could not save a session",
                        plan.record().id());
            }
        }
    }

    private void watch(Supplier<CompletionStage<?>> start, String what, String id) {
        CompletionStage<?> operation;
        try {
            operation = start.get();
        } catch (RuntimeException e) {
            operation = CompletableFuture.failedFuture(e);
        }
        operation.whenComplete((result, failure) -> {
            if (failure == null) {
                return;
            }
            Throwable cause = failure.getCause() != null && !(failure instanceof ItemTooLargeException)
                    ? failure.getCause() : failure;
            if (cause instanceof ItemTooLargeException tooLarge) {
                counters.oversized.increment();
                LOG.warn("{}: {}", what, tooLarge.getMessage());
                return;
            }
            counters.storeFailures.increment();
            storeLog.warn(what + "; the response was not affected", "session " + XMemcachedSessionStore.abbreviate(id),
                    failure);
        });
    }

    String newId() {
        byte[] bytes = new byte[24]; // express-session's uid-safe(24): 32 URL-safe base64 characters
        random.nextBytes(bytes);
        return ID_ENCODING.encodeToString(bytes);
    }

    public SessionStats stats() {
        return counters.snapshot(store);
    }

    public SessionSettings settings() {
        return settings;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    CookieSigner signer() {
        return signer;
    }

    Instant now() {
        return clock.instant();
    }
}
