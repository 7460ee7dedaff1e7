package dev.rsvpstack.discovery;

/** Discovery could not do what was asked: the message says what, where and why. */
public final class DiscoveryException extends RuntimeException {
    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
