package dev.rsvpstack.session.internal;

/**
 * Bytes to text as JavaScript (Node's {@code Buffer#toString()}) does it: the UTF-8 decoder of the
 * WHATWG Encoding Standard, which replaces each maximal invalid subsequence with one U+FFFD. Java's
 * decoder replaces some invalid sequences differently (an encoded surrogate such as {@code ED AF} is one
 * U+FFFD there, two here), and kruptein's HMAC covers random bytes decoded this way.
 */
final class JsUtf8 {
    private static final int REPLACEMENT = 0xFFFD;

    private JsUtf8() {
    }

    static String decode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int needed = 0;
        int seen = 0;
        int codePoint = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (needed == 0) {
                i++;
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                    needed = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                    needed = 3;
                    codePoint = b & 0x07;
                } else {
                    out.append((char) REPLACEMENT);
                }
                continue;
            }
            if (b < lower || b > upper) {
                // the sequence so far is one error; this byte starts again (not consumed)
                needed = 0;
                seen = 0;
                codePoint = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append((char) REPLACEMENT);
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = codePoint << 6 | b & 0x3F;
            seen++;
            if (seen == needed) {
                out.appendCodePoint(codePoint);
                needed = 0;
                seen = 0;
                codePoint = 0;
            }
        }
        if (needed != 0) {
            out.append((char) REPLACEMENT);
        }
        return out.toString();
    }
}
