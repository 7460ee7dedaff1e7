package dev.rsvpstack.sim;

/** Bad input the simulator can send on demand, for tests of whoever reads the stream. */
public enum SimulatorFault {
    /** A text frame that is not JSON. */
    MALFORMED_JSON,
    /** A JSON object without {@code rsvp_id}. */
    MISSING_RSVP_ID,
    /** {@code rsvp_id} a string, {@code mtime} an object. */
    WRONG_TYPES,
    /** A 2 MB text frame. */
    OVERSIZED_FRAME,
    /** A binary frame. */
    BINARY_FRAME,
    /** A text frame whose bytes are not UTF-8 (a conforming client closes the connection). */
    INVALID_UTF8,
    /** Every connection dropped without a close frame, as a network failure would. */
    DROP_CONNECTIONS
}
