package dev.rsvpstack.discovery;

/** A running announcement; closing it deletes the key and revokes the lease. */
public interface Registration extends AutoCloseable {
    /** Where the announcement stands. */
    enum State {
        /** The key is ours and alive. */
        REGISTERED,
        /** Another live lease holds the key; this one waits for it to go, and does not steal it. */
        WAITING_FOR_KEY,
        /** The health probe fails: the key is withdrawn until it passes. */
        PROBE_FAILING,
        /** etcd does not answer; the registration retries. */
        RETRYING,
        /** Closed. */
        CLOSED
    }

    State state();

    RegistrationRequest request();

    @Override
    void close();
}
