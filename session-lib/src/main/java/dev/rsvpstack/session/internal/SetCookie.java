package dev.rsvpstack.session.internal;

import dev.rsvpstack.session.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code Set-Cookie} header values as express-session writes them: the signed value encoded as by
 * JavaScript's encodeURIComponent ({@code s%3A...}), then Path, Expires, Domain, HttpOnly, Secure,
 * SameSite.
 */
public final class SetCookie {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.EPOCH;

    private SetCookie() {
    }

    /** The header for a session cookie that expires at {@code expires} ({@code null}: with the browser). */
    public static String of(SessionSettings settings, String signedValue, Instant expires) {
        StringBuilder header = new StringBuilder(160).append(settings.cookieName()).append('=')
                .append(encode(signedValue)).append("; Path=").append(settings.path());
        if (expires != null) {
            header.append("; Expires=").append(HTTP_DATE.format(expires));
        }
        if (settings.domain() != null) {
            header.append("; Domain=").append(settings.domain());
        }
        if (settings.httpOnly()) {
            header.append("; HttpOnly");
        }
        if (settings.secure()) {
            header.append("; Secure");
        }
        if (settings.sameSite() != null) {
            header.append("; SameSite=").append(settings.sameSite().attribute());
        }
        return header.toString();
    }

    /** A header that makes the browser drop the cookie (after the session was destroyed). */
    public static String clearing(SessionSettings settings) {
        return of(settings, "", EPOCH);
    }

    /** JavaScript's encodeURIComponent. */
    static String encode(String value) {
        StringBuilder out = null;
        byte[] bytes = null;
        for (int i = 0; i < value.length(); i++) {
            if (!unreserved(value.charAt(i))) {
                bytes = value.getBytes(StandardCharsets.UTF_8);
                out = new StringBuilder(value.length() + 16);
                break;
            }
        }
        if (bytes == null) {
            return value;
        }
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && unreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-_.!~*'()".indexOf(c) >= 0;
    }
}
