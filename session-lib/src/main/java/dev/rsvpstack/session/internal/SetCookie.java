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
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** encodeURIComponent leaves these ASCII characters as they are. */
    private static final boolean[] UNRESERVED = unreservedTable();

    private SetCookie() {
    }

    /** The header for a session cookie that expires at {@code expires} ({@code null}: with the browser). */
    public static String of(SessionSettings settings, String signedValue, Instant expires) {
        StringBuilder header = new StringBuilder(160).append(settings.cookieName()).append('=');
        encodeInto(header, signedValue).append("; Path=").append(settings.path());
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
        return encodeInto(new StringBuilder(value.length() + 16), value).toString();
    }

    /**
     * Appends encodeURIComponent({@code value}): a table lookup per character, no intermediate string.
     * This runs for every new session, so it is on the hot path of a page view.
     */
    private static StringBuilder encodeInto(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80 && UNRESERVED[c]) {
                out.append(c);
            } else if (c < 0x80) {
                appendEscaped(out, c);
            } else {
                // rare: a non-ASCII cookie value; escape its UTF-8 bytes (unpaired surrogates become '?')
                for (byte b : value.substring(i, i + Character.charCount(value.codePointAt(i)))
                        .getBytes(StandardCharsets.UTF_8)) {
                    appendEscaped(out, b & 0xff);
                }
                i += Character.charCount(value.codePointAt(i)) - 1;
            }
        }
        return out;
    }

    private static void appendEscaped(StringBuilder out, int octet) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
    }

    private static boolean[] unreservedTable() {
        boolean[] table = new boolean[0x80];
        for (char c = 0; c < 0x80; c++) {
            table[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-_.!~*'()".indexOf(c) >= 0;
        }
        return table;
    }
}
