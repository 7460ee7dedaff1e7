package dev.rsvpstack.session;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code cookie} member of a stored session, as express-session writes it, so that a Node
 * application and a Java one read each other's records. express-session decides from it how to
 * set the cookie; session-lib takes {@link #originalMaxAge()} as the session's lifetime and the
 * other fields for information.
 *
 * @param originalMaxAge the cookie's lifetime, or {@code null} for a browser-session cookie
 * @param expires        when the cookie expires as last written, or {@code null}
 * @param secure         whether the cookie is {@code Secure}
 * @param httpOnly       whether the cookie is {@code HttpOnly}
 * @param domain         its {@code Domain}, or {@code null}
 * @param path           its {@code Path}
 * @param sameSite       its {@code SameSite} as express-session stores it ({@code "lax"},
 *                       {@code "strict"}, {@code "none"}), or {@code null}
 */
public record SessionCookie(Duration originalMaxAge, Instant expires, boolean secure, boolean httpOnly,
        String domain, String path, String sameSite) {
    public SessionCookie {
        if (originalMaxAge != null && originalMaxAge.isNegative()) {
            throw new IllegalArgumentException("originalMaxAge must not be negative: " + originalMaxAge);
        }
        if (path == null || path.isEmpty()) {
            path = "/";
        }
    }

    /** A copy with another lifetime and expiry. */
    public SessionCookie withLifetime(Duration newMaxAge, Instant newExpires) {
        return new SessionCookie(newMaxAge, newExpires, secure, httpOnly, domain, path, sameSite);
    }
}
