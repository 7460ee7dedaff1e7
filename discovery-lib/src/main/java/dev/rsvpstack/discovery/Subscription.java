package dev.rsvpstack.discovery;

/** A running watch; closing it stops the deliveries. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
