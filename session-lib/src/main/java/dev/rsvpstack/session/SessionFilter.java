package dev.rsvpstack.session;

import dev.rsvpstack.session.internal.RequestSession;
import dev.rsvpstack.session.internal.SessionEngine;
import dev.rsvpstack.session.internal.SessionRequestWrapper;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet filter that backs {@link HttpServletRequest#getSession()} with session-lib, in any
 * Servlet 6 container (Tomcat 11, Jetty 12, Undertow 2.3). The container's own sessions are not used.
 * Register it first, for {@code /*}:
 *
 * <pre>{@code
 * servletContext.addFilter("sessions", new SessionFilter(sessions))
 *         .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>The session is loaded on the first {@code getSession} call, so requests that never use it cost
 * memcached nothing. It is committed in {@code finally} (after an async request, when it completes),
 * as Spring Session's filter does, without waiting for memcached.
 */
public final class SessionFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFilter.class);

    private final SessionEngine engine;

    public SessionFilter(Sessions sessions) {
        this.engine = sessions.engine();
    }

    /**
     * The session-lib view of the request's session (typed attributes, {@link Session#regenerateId()}),
     * created if needed.
     *
     * @throws IllegalStateException if the request did not pass through a {@link SessionFilter}
     */
    public static Session session(HttpServletRequest request) {
        RequestSession session = SessionRequestWrapper.sessionOf(request);
        if (session == null) {
            throw new IllegalStateException("no session-lib session on this request: register the SessionFilter");
        }
        session.materialize();
        return session;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)
                || SessionRequestWrapper.sessionOf(http) != null) {
            chain.doFilter(request, response);
            return;
        }
        RequestSession session = engine.begin(Collections.list(http.getHeaders("Cookie")), header -> {
            if (httpResponse.isCommitted()) {
                LOG.debug("session cookie not sent: the response was committed when the session changed");
            } else {
                httpResponse.addHeader("Set-Cookie", header);
            }
        });
        SessionRequestWrapper wrapped = new SessionRequestWrapper(http, session);
        try {
            chain.doFilter(wrapped, response);
        } finally {
            if (wrapped.isAsyncStarted()) {
                wrapped.getAsyncContext().addListener(new CommitOnEnd(engine, session));
            } else {
                engine.commit(session);
            }
        }
    }

    /** Commits an async request's session when the request really ends. */
    private record CommitOnEnd(SessionEngine engine, RequestSession session) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            engine.commit(session);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            engine.commit(session);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
