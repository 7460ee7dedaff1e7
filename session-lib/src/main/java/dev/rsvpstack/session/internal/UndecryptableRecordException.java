package dev.rsvpstack.session.internal;

/** A stored value that is not a record encrypted under the configured secret; the message says why. */
public final class UndecryptableRecordException extends RuntimeException {
    public UndecryptableRecordException(String why) {
        super(why, null, false, false);
    }
}
