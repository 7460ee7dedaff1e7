package dev.rsvpstack.session;

import dev.rsvpstack.session.internal.CookieHeader;
import dev.rsvpstack.session.internal.CookieSigner;
import dev.rsvpstack.session.internal.SetCookie;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * express-session's session cookie, for integrations that read and write the cookie themselves (the
 * Spring Session starter does, through Spring Session's {@code CookieSerializer}); {@link SessionFilter}
 * and {@link SessionHandler} need none of this. The value is {@code s:} + id + {@code .} +
 * base64(HMAC-SHA256(secret, id)), percent-encoded as express-session writes it; the first secret of
 * the settings signs, every secret verifies.
 */
public final class SessionCookies {
    private final SessionSettings settings;
    private final CookieSigner signer;

    private SessionCookies(SessionSettings settings) {
        this.settings = settings;
        this.signer = new CookieSigner(settings.secrets());
    }

    /** Cookies named, signed and attributed as {@code settings} say. */
    public static SessionCookies of(SessionSettings settings) {
        return new SessionCookies(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * The session id in the request's {@code Cookie} headers: the first cookie with the settings'
     * name (as npm {@code cookie} picks it), percent-decoded, when it is signed with one of the secrets.
     * Empty when there is no such cookie or it is unsigned, tampered with, signed with another secret
     * or holds no valid id.
     */
    public Optional<String> sessionId(Iterable<String> cookieHeaders) {
        String value = CookieHeader.find(cookieHeaders, settings.cookieName());
        return value == null ? Optional.empty() : signer.unsign(value);
    }

    /** Whether the request's {@code Cookie} headers carry a cookie with the settings' name at all. */
    public boolean present(Iterable<String> cookieHeaders) {
        return CookieHeader.find(cookieHeaders, settings.cookieName()) != null;
    }

    /**
     * The {@code Set-Cookie} header value for session {@code id}, as express-session writes it.
     *
     * @param expires when the cookie expires, or {@code null} for a cookie that ends with the browser
     */
    public String setCookie(String id, Instant expires) {
        return SetCookie.of(settings, signer.sign(SessionRecord.requireValidId(id)), expires);
    }

    /** The {@code Set-Cookie} header value that makes the browser drop the cookie. */
    public String clearing() {
        return SetCookie.clearing(settings);
    }
}
