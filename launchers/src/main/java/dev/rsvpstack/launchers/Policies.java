package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.RestartPolicy;
import java.util.Locale;

/** Parses {@code --policy}. */
final class Policies {
    private Policies() {
    }

    static RestartPolicy parse(String value) {
        try {
            return RestartPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--policy must be reload or exit, was '" + value + "'");
        }
    }
}
