package dev.rsvpstack.launchers;

import dev.rsvpstack.archiver.sim.SimulatorSettings;
import dev.rsvpstack.web.WebSettings;
import java.util.Objects;

/**
 * The demo's knobs, validated once at start.
 *
 * @param web           where the web server listens and how often it polls
 * @param ratePerSecond how many RSVPs per second the simulator streams
 */
public record DemoSettings(WebSettings web, int ratePerSecond) {
    public DemoSettings {
        Objects.requireNonNull(web, "web");
        if (ratePerSecond < 1 || ratePerSecond > SimulatorSettings.MAX_RATE) {
            throw new IllegalArgumentException(
                    "rate must be 1 to " + SimulatorSettings.MAX_RATE + " RSVPs/s, was " + ratePerSecond);
        }
    }
}
