package dev.rsvpstack.session.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** The request as the application sees it behind the filter: sessions come from session-lib. */
public final class SessionRequestWrapper extends HttpServletRequestWrapper {
    private final RequestSession session;
    private HttpSessionAdapter adapter;

    public SessionRequestWrapper(HttpServletRequest request, RequestSession session) {
        super(request);
        this.session = session;
    }

    /** The session-lib session of a request that passed the filter (through any wrappers), or null. */
    public static RequestSession sessionOf(ServletRequest request) {
        ServletRequest current = request;
        while (current != null) {
            if (current instanceof SessionRequestWrapper wrapper) {
                return wrapper.session;
            }
            current = current instanceof ServletRequestWrapper w ? w.getRequest() : null;
        }
        return null;
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (create) {
            session.materialize();
        } else if (!session.exists()) {
            return null;
        }
        synchronized (this) {
            if (adapter == null) {
                adapter = new HttpSessionAdapter(session, getServletContext());
            }
            return adapter;
        }
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        if (!session.exists()) {
            throw new IllegalStateException("no session to change the id of");
        }
        session.regenerateId();
        return session.id();
    }

    @Override
    public String getRequestedSessionId() {
        return session.requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        String requested = session.requestedId();
        return requested != null && session.exists() && requested.equals(session.id());
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return session.requestedId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
