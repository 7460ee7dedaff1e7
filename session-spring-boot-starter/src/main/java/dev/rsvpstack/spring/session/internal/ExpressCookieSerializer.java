package dev.rsvpstack.spring.session.internal;

import dev.rsvpstack.session.SessionCookies;
import dev.rsvpstack.session.SessionSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.web.http.CookieSerializer;

/**
 * Spring Session's cookie as express-session writes it: {@code connect.sid=s%3A<id>.<signature>},
 * signed with the first secret, verified with any (session-lib's {@link SessionCookies}). An unsigned,
 * tampered or foreign cookie yields no id (the visitor gets a new session), counted and logged at DEBUG.
 */
public final class ExpressCookieSerializer implements CookieSerializer {
    private static final Logger LOG = LoggerFactory.getLogger(ExpressCookieSerializer.class);

    private final SessionSettings settings;
    private final SessionCookies cookies;
    private final Clock clock;
    private final AtomicLong rejected = new AtomicLong();

    public ExpressCookieSerializer(SessionSettings settings, Clock clock) {
        this.settings = settings;
        this.cookies = SessionCookies.of(settings);
        this.clock = clock;
    }

    @Override
    public void writeCookieValue(CookieValue cookieValue) {
        String id = cookieValue.getCookieValue();
        String header = id == null || id.isEmpty() ? cookies.clearing()
                : cookies.setCookie(id, settings.maxAge() == null ? null : clock.instant().plus(settings.maxAge()));
        cookieValue.getResponse().addHeader("Set-Cookie", header);
    }

    @Override
    public List<String> readCookieValues(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders("Cookie"));
        if (headers.isEmpty()) {
            return List.of();
        }
        return cookies.sessionId(headers).map(List::of).orElseGet(() -> {
            if (cookies.present(headers)) {
                rejected.incrementAndGet();
                LOG.debug("session cookie rejected (unsigned, tampered with, foreign secret or malformed) from {}",
                        request.getRemoteAddr());
            }
            return List.of();
        });
    }

    /** Cookies that were unsigned, tampered with, signed with an unknown secret or malformed, since start. */
    public long rejectedCookies() {
        return rejected.get();
    }
}
