package dev.rsvpstack.discovery;

/** Told, debounced like service watches, that at least one typed value of a {@link Config} changed. */
@FunctionalInterface
public interface ConfigListener {
    void configChanged(Config config);
}
