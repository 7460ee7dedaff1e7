package dev.rsvpstack.discovery;

/**
 * Whether the announced service answers. The book's sidekicks announced an address as long as
 * the container existed, answering or not; a probe keeps the key only while the service works.
 */
@FunctionalInterface
public interface HealthProbe {
    /** True when the service answers. Must return within the probe interval; should not throw. */
    boolean healthy();
}
