package dev.rsvpstack.launchers;

/**
 * A secret file was named but cannot be read or is empty: a deployment problem (a secret not
 * mounted), reported in one line with exit code 2, without the usage a typo would deserve.
 */
final class UnreadableSecretException extends RuntimeException {
    UnreadableSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
