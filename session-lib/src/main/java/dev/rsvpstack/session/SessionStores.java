package dev.rsvpstack.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.internal.InMemorySessionStore;
import dev.rsvpstack.session.internal.XMemcachedSessionStore;
import java.time.Clock;

/** The stores session-lib ships. */
public final class SessionStores {
    private SessionStores() {
    }

    /**
     * Sessions in this JVM's memory: for development, the demo and tests. Not shared between
     * instances, and lost on restart.
     */
    public static SessionStore inMemory() {
        return new InMemorySessionStore(Clock.systemUTC());
    }

    /** The same, on a given clock, so tests can expire sessions without waiting. */
    public static SessionStore inMemory(Clock clock) {
        return new InMemorySessionStore(clock);
    }

    /**
     * Sessions in memcached, in express-session + connect-memcached's record format. Connects in the
     * background: nodes that are down now are used once they answer.
     */
    public static MemcachedSessionStore memcached(MemcachedSettings settings) {
        return new XMemcachedSessionStore(settings, new ObjectMapper());
    }
}
