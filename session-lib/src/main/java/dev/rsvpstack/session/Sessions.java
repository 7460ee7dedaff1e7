package dev.rsvpstack.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.internal.SessionEngine;
import java.time.Clock;
import java.util.Objects;

/**
 * Session handling configured once per application: settings, store and the Jackson mapper that
 * turns attribute objects into JSON. Hand it to a {@link SessionHandler} (Undertow) or a
 * {@link SessionFilter} (any servlet container). It does not own the store: close the store yourself
 * when the application stops.
 */
public final class Sessions {
    private final SessionEngine engine;

    private Sessions(SessionEngine engine) {
        this.engine = engine;
    }

    public static Builder builder(SessionStore store, SessionSettings settings) {
        return new Builder(store, settings);
    }

    /** Counters since start. */
    public SessionStats stats() {
        return engine.stats();
    }

    public SessionSettings settings() {
        return engine.settings();
    }

    SessionEngine engine() {
        return engine;
    }

    /** Collects the parts; {@link #build()} checks them. */
    public static final class Builder {
        private final SessionStore store;
        private final SessionSettings settings;
        private ObjectMapper mapper;
        private Clock clock = Clock.systemUTC();

        private Builder(SessionStore store, SessionSettings settings) {
            this.store = store;
            this.settings = settings;
        }

        /** The mapper for records and POJOs in attributes (register your modules on it); a plain one by default. */
        public Builder objectMapper(ObjectMapper value) {
            this.mapper = value;
            return this;
        }

        /** The clock for cookie expiry dates; for tests. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Sessions build() {
            Objects.requireNonNull(store, "a session store is needed: SessionStores.memcached(...) or inMemory()");
            Objects.requireNonNull(settings, "settings are needed: SessionSettings.builder(secret).build()");
            Objects.requireNonNull(clock, "clock");
            return new Sessions(new SessionEngine(settings, store, mapper != null ? mapper : new ObjectMapper(), clock));
        }
    }
}
