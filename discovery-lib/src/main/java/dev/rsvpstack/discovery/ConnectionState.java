package dev.rsvpstack.discovery;

/** Whether the discovery backend answers. */
public enum ConnectionState {
    /** etcd answered the last request. Static discovery is always connected. */
    CONNECTED,
    /** etcd did not answer; lookups and watches serve the last good snapshot until it does. */
    UNREACHABLE
}
