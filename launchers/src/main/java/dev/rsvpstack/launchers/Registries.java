package dev.rsvpstack.launchers;

import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The meter registry every subcommand serves on {@code /metrics}. */
final class Registries {
    private Registries() {
    }

    /**
     * Prometheus, without Micrometer's default pause detector: its threads wake every millisecond, and
     * on an idle instance they were most of the process's CPU (about 8 % of a core). Our timers time
     * I/O, not GC pauses.
     */
    static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().pauseDetector(NoPauseDetector.INSTANCE);
        return registry;
    }
}
