package dev.rsvpstack.session.internal;

import java.util.regex.Pattern;

/** kruptein's complexity rule for a secret, which connect-memcached enforces before every write. */
public final class RecordSecrets {
    private static final Pattern UPPER = Pattern.compile("[A-Z]");
    private static final Pattern LOWER = Pattern.compile("[a-z]");
    private static final Pattern DIGIT = Pattern.compile("[0-9]");
    private static final Pattern SPECIAL = Pattern.compile("[!@#$%^&*()_+\\-=\\[\\]{};':\"\\\\|,.<>/?]");

    private RecordSecrets() {
    }

    public static boolean complexEnough(String secret) {
        return secret.length() >= 8 && count(UPPER, secret) >= 2 && count(LOWER, secret) >= 2
                && count(DIGIT, secret) >= 2 && count(SPECIAL, secret) >= 2;
    }

    private static long count(Pattern pattern, String text) {
        return pattern.matcher(text).results().count();
    }
}
