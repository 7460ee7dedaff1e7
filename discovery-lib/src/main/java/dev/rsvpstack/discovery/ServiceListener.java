package dev.rsvpstack.discovery;

import java.util.List;

/**
 * Receives a service's snapshot after its topology changed. Calls are debounced (see
 * {@link Debounce}) and serialized: one call at a time per watch, never concurrently.
 */
@FunctionalInterface
public interface ServiceListener {
    /**
     * @param snapshot the instances now
     * @param changes  the topology changes (never REFRESHED) folded into this snapshot, oldest first;
     *                 empty for the initial snapshot and after a re-list
     */
    void onSnapshot(ServiceSnapshot snapshot, List<ServiceChange> changes);
}
