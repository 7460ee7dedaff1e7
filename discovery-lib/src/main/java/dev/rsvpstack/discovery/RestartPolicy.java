package dev.rsvpstack.discovery;

/**
 * What to do when a dependency's instances change (docs/architecture.md, "Restart policies"). The book exits and
 * lets systemd restart the process; rebuilding in-process keeps WebSocket clients and data in
 * flight. Either way a library only reports: the launcher decides to exit.
 */
public enum RestartPolicy {
    /** Build a new client from the new snapshot; close the old one once the new one is up. */
    RELOAD,
    /** Ask the launcher for a restart (the book's behaviour); keep running meanwhile. */
    EXIT
}
