package dev.rsvpstack.session.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Finds one cookie in {@code Cookie} request headers the way npm {@code cookie} (express-session's
 * parser) does: pairs split at {@code ;}, the first pair with the name wins, surrounding quotes are
 * dropped and the value is percent-decoded (left as it is if that fails). Never throws: a malformed
 * header simply has no such cookie.
 */
public final class CookieHeader {
    private CookieHeader() {
    }

    /** The decoded value of cookie {@code name} in {@code headers}, or {@code null}. */
    public static String find(Iterable<String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            String value = find(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The decoded value of cookie {@code name} in one header, or {@code null}. */
    public static String find(String header, String name) {
        if (header == null) {
            return null;
        }
        int start = 0;
        int length = header.length();
        while (start < length) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int eq = header.indexOf('=', start);
            if (eq > start && eq < end && header.substring(start, eq).trim().equals(name)) {
                return decode(unquote(header.substring(eq + 1, end).trim()));
            }
            start = end + 1;
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1) : value;
    }

    /** JavaScript's decodeURIComponent, or the value itself where that would throw. */
    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return value;
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return value;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }
}
