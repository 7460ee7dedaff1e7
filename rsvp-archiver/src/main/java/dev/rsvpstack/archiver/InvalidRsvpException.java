package dev.rsvpstack.archiver;

/** A stream message that is not an RSVP the archiver can store; the message says which field is wrong. */
public final class InvalidRsvpException extends Exception {
    public InvalidRsvpException(String message) {
        super(message);
    }

    public InvalidRsvpException(String message, Throwable cause) {
        super(message, cause);
    }
}
