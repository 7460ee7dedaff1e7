package dev.rsvpstack.session.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The servlet API's view of a session-lib session. express-session records no creation or access
 * time, so both are when this request began using the session.
 */
final class HttpSessionAdapter implements HttpSession {
    private final RequestSession session;
    private final ServletContext context;

    HttpSessionAdapter(RequestSession session, ServletContext context) {
        this.session = session;
        this.context = context;
    }

    @Override
    public long getCreationTime() {
        requireValid();
        return session.startedAt().toEpochMilli();
    }

    @Override
    public String getId() {
        return session.id();
    }

    @Override
    public long getLastAccessedTime() {
        requireValid();
        return session.startedAt().toEpochMilli();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setMaxAge(interval <= 0 ? null : Duration.ofSeconds(interval));
    }

    @Override
    public int getMaxInactiveInterval() {
        Duration maxAge = session.maxAge();
        return maxAge == null ? -1 : (int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds());
    }

    @Override
    public Object getAttribute(String name) {
        requireValid();
        return session.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        requireValid();
        return Collections.enumeration(session.attributeNames());
    }

    @Override
    public void setAttribute(String name, Object value) {
        requireValid();
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        requireValid();
        session.removeAttribute(name);
    }

    @Override
    public void invalidate() {
        requireValid();
        session.invalidate();
    }

    @Override
    public boolean isNew() {
        requireValid();
        return session.isNew();
    }

    private void requireValid() {
        if (session.isInvalidated()) {
            throw new IllegalStateException("the session was invalidated");
        }
    }
}
