package dev.rsvpstack.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** Memcached settings for the ITs that assert sessions carry over. */
final class TestSettings {
    /**
     * These tests assert that sessions carry over, not how fast: a loaded machine must not turn a slow
     * memcached answer into a lost session (production keeps the 250 ms default).
     */
    static final Duration PATIENT = Duration.ofSeconds(5);

    private TestSettings() {
    }

    /** The nodes, with the patient operation timeout. */
    static MemcachedSettings.Builder patient(List<InetSocketAddress> nodes) {
        return MemcachedSettings.builder().nodes(nodes).operationTimeout(PATIENT);
    }
}
