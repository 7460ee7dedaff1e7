package dev.rsvpstack.session;

import dev.rsvpstack.session.internal.RequestSession;
import dev.rsvpstack.session.internal.SessionEngine;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Undertow handler that attaches the request's {@link Session} to the exchange and commits it when
 * the response is committed, then calls the next handler. One concern, wrapping the next:
 *
 * <pre>{@code
 * HttpHandler app = exchange -> {
 *     Session session = SessionHandler.session(exchange);
 *     ...
 * };
 * Undertow.builder().setHandler(new SessionHandler(sessions, app))...
 * }</pre>
 *
 * <p>A request with a valid cookie has its session loaded before the next handler runs, without
 * blocking a thread: the exchange is suspended while memcached answers and resumed on its I/O
 * thread, so the next handler runs where it would have run anyway. Writes never delay the response.
 */
public final class SessionHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);
    private static final AttachmentKey<RequestSession> SESSION = AttachmentKey.create(RequestSession.class);

    private final SessionEngine engine;
    private final HttpHandler next;

    public SessionHandler(Sessions sessions, HttpHandler next) {
        this.engine = sessions.engine();
        this.next = next;
    }

    /**
     * The exchange's session.
     *
     * @throws IllegalStateException if no {@link SessionHandler} wraps the handler calling this
     */
    public static Session session(HttpServerExchange exchange) {
        RequestSession session = exchange.getAttachment(SESSION);
        if (session == null) {
            throw new IllegalStateException("no session on this exchange: wrap the handler in a SessionHandler");
        }
        return session;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getAttachment(SESSION) != null) {
            next.handleRequest(exchange); // already wrapped further out
            return;
        }
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        // Undertow marks the response started before it runs commit listeners, whose headers still go out.
        AtomicBoolean committing = new AtomicBoolean();
        RequestSession session = engine.begin(cookies, header -> {
            if (exchange.isResponseStarted() && !committing.get()) {
                LOG.debug("session cookie not sent: the response had started when the session changed");
            } else {
                exchange.getResponseHeaders().add(Headers.SET_COOKIE, header);
            }
        });
        exchange.putAttachment(SESSION, session);
        // write before the response goes out, so the client's next request reads what this one wrote
        exchange.addResponseCommitListener(ex -> {
            committing.set(true);
            try {
                engine.commit(session);
            } finally {
                committing.set(false);
            }
        });
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                engine.commit(session); // changes made after the response was committed, if any
            } finally {
                nextListener.proceed();
            }
        });
        if (session.requestedId() == null) {
            next.handleRequest(exchange);
            return;
        }
        CompletableFuture<Void> loading = session.loadAsync().toCompletableFuture();
        if (loading.isDone()) {
            next.handleRequest(exchange);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> loading.whenComplete(
                (ignored, failure) -> exchange.dispatch(exchange.getIoThread(), next)));
    }
}
