package dev.rsvpstack.archiver.sim;

/**
 * Where the simulator listens and how fast it streams.
 *
 * @param host          the address to bind, for example {@code 127.0.0.1}
 * @param port          the port; 0 picks a free one
 * @param ratePerSecond RSVPs per second, 1 to 20,000
 */
public record SimulatorSettings(String host, int port, int ratePerSecond) {
    public static final int MAX_RATE = 20_000;

    public SimulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE) {
            throw new IllegalArgumentException("rate must be 1 to " + MAX_RATE + " RSVPs/s, was " + ratePerSecond);
        }
    }
}
