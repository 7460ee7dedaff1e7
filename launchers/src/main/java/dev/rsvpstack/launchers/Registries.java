package dev.rsvpstack.launchers;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry every subcommand serves on {@code /metrics}; the one place the stack creates a
 * registry (the libraries take theirs from the caller).
 */
final class Registries {
    private Registries() {
    }

    /**
     * Prometheus with JVM metrics, without Micrometer's default pause detector: its threads wake every
     * millisecond, and on an idle instance they were most of the process's CPU (about 8 % of a core).
     * Our timers time I/O, not GC pauses. The registry lives as long as the process.
     */
    static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().pauseDetector(NoPauseDetector.INSTANCE);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry); // its GC listeners live as long as the registry: the process
        return registry;
    }

    /**
     * For a subcommand that serves no {@code /metrics} (the sidekick): what the libraries count is
     * kept in memory and read by nobody, without the JVM binders' listeners and threads.
     */
    static MeterRegistry unserved() {
        return new SimpleMeterRegistry();
    }
}
