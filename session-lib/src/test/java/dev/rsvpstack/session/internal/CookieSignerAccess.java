package dev.rsvpstack.session.internal;

import java.util.List;

/** For tests outside this package: a cookie header value signed as express-session signs it. */
public final class CookieSignerAccess {
    private CookieSignerAccess() {
    }

    /** The URL-encoded value of a session cookie for {@code id}, signed with {@code secret}. */
    public static String signed(String secret, String id) {
        return SetCookie.encode(new CookieSigner(List.of(secret)).sign(id));
    }
}
