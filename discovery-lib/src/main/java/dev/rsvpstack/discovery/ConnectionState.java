package dev.rsvpstack.discovery;

/** Whether the discovery backend answers. */
public enum ConnectionState {
    /** etcd answered the last request. Static discovery is always connected. */
    CONNECTED,
    /** etcd did not answer; lookups and watches serve the last good snapshot until it does. */
    UNREACHABLE,
    /**
     * etcd answers, but no member this process reaches has a leader (it is cut off from its peers):
     * its data may be stale, so lookups and watches serve the last good snapshot until a member with a
     * leader answers.
     */
    NO_QUORUM
}
