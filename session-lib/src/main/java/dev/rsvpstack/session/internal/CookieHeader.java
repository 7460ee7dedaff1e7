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
            if (eq > start && eq < end && nameIs(header, start, eq, name)) {
                return decode(unquote(header.substring(eq + 1, end).trim()));
            }
            start = end + 1;
        }
        return null;
    }

    /** Whether {@code header[from, to)}, trimmed as {@link String#trim()} does, is {@code name}; no copy. */
    private static boolean nameIs(String header, int from, int to, String name) {
        while (from < to && header.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && header.charAt(to - 1) <= ' ') {
            to--;
        }
        return to - from == name.length() && header.regionMatches(from, name, 0, name.length());
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"'
                ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * JavaScript's decodeURIComponent, or the value itself where that would throw. A signed session id
     * has only ASCII escapes ({@code s%3A...}), decoded here without a charset decoder: this runs on
     * every request that carries a cookie.
     */
    static String decode(String value) {
        int percent = value.indexOf('%');
        if (percent < 0) {
            return value;
        }
        StringBuilder ascii = new StringBuilder(value.length()).append(value, 0, percent);
        for (int i = percent; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                if (c >= 0x80) {
                    return decodeUtf8(value);
                }
                ascii.append(c);
                continue;
            }
            int octet = escapedOctet(value, i);
            if (octet < 0) {
                return value;
            }
            if (octet >= 0x80) {
                return decodeUtf8(value);
            }
            ascii.append((char) octet);
            i += 2;
        }
        return ascii.toString();
    }

    /** The general case: escapes that make UTF-8 sequences, or non-ASCII characters sent as they are. */
    private static String decodeUtf8(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int octet = escapedOctet(value, i);
                if (octet < 0) {
                    return value;
                }
                bytes.write(octet);
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

    /** The octet of the escape {@code %XY} at {@code at}, or -1 when it is not one (ASCII hex digits only, as in JavaScript). */
    private static int escapedOctet(String value, int at) {
        if (at + 2 >= value.length()) {
            return -1;
        }
        int hi = hexDigit(value.charAt(at + 1));
        int lo = hexDigit(value.charAt(at + 2));
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
