package dev.rsvpstack.rehearsal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The session id in an express-session cookie: connect.sid = URL-encoded "s:" + id + "." + signature. */
public final class SessionCookie {
    private static final String NAME = "connect.sid=";

    private SessionCookie() {
    }

    /** The cookie's value from a Set-Cookie header, if it sets connect.sid. */
    public static Optional<String> fromSetCookie(String header) {
        return header.startsWith(NAME) ? Optional.of(header.substring(NAME.length()).split(";", 2)[0])
                : Optional.empty();
    }

    /** The id (memcached key sess:&lt;id&gt;) in a cookie value; an unsigned value is its own id. */
    public static String id(String cookie) {
        String value = URLDecoder.decode(cookie.trim(), StandardCharsets.UTF_8);
        if (value.startsWith("s:")) {
            value = value.substring(2);
        }
        int dot = value.lastIndexOf('.');
        return dot < 0 ? value : value.substring(0, dot);
    }
}
