package dev.rsvpstack.discovery;

/**
 * Hears that a component wants the process restarted ({@link RestartPolicy#EXIT}). Implemented by
 * launchers, the only code that may end the process: close cleanly, exit 0, and let the unit restart
 * it. Libraries never call {@code System.exit}.
 */
@FunctionalInterface
public interface RestartRequestListener {
    /**
     * @param component the supervised component, for example {@code couchbase}
     * @param reason    what changed, for the log, for example {@code couchbase MOVED 1: 10.1.1.2 -> 10.1.53.5}
     */
    void restartRequested(String component, String reason);
}
