package dev.rsvpstack.session.internal;

/**
 * Where a request's {@code Set-Cookie} goes: Undertow's response headers or a servlet response.
 * Cookies are decided while the request runs, not at commit, because by commit the response headers
 * may already be on the wire.
 */
@FunctionalInterface
public interface CookieSink {
    /** Adds {@code header} as a {@code Set-Cookie} header, if the response has not started. */
    void setCookie(String header);
}
