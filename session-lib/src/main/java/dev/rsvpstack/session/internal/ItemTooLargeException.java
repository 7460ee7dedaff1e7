package dev.rsvpstack.session.internal;

/** A session whose record exceeds memcached's item limit; it is not written. */
public final class ItemTooLargeException extends RuntimeException {
    public ItemTooLargeException(String message) {
        super(message, null, false, false);
    }
}
