package dev.rsvpstack.web;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** A registry of its own for each server under test: the server requires one from its caller. */
public final class TestRegistry {
    private TestRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
