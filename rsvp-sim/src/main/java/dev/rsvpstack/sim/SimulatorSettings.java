package dev.rsvpstack.sim;

import java.time.Duration;

/**
 * Where the simulator listens, how fast it streams and how much it remembers.
 *
 * @param host          the address to bind, for example {@code 127.0.0.1}
 * @param port          the port; 0 picks a free one
 * @param ratePerSecond RSVPs per second, 1 to 20,000
 * @param historySize   how many recent RSVPs it keeps for {@code ?since_mtime=} replays
 * @param limit         stop generating after this many RSVPs (0: never), so a test knows exactly what was sent
 * @param strict        refuse a second concurrent connection at the upgrade (HTTP 409), as Meetup's stream did
 * @param clientTimeout drop a client that answered no ping for this long (pings go out every quarter of it),
 *                      as a server drops a dead or frozen peer; zero never drops one
 */
public record SimulatorSettings(String host, int port, int ratePerSecond, int historySize, long limit,
                                boolean strict, Duration clientTimeout) {
    public static final int MAX_RATE = 20_000;
    public static final int DEFAULT_HISTORY = 10_000;

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
        if (historySize < 0 || historySize > 1_000_000) {
            throw new IllegalArgumentException("history must be 0 to 1,000,000 RSVPs, was " + historySize);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (clientTimeout == null || clientTimeout.isNegative()
                || !clientTimeout.isZero() && clientTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("the client timeout must be 0 (never) or at least 100 ms, was "
                    + clientTimeout);
        }
    }

    /** Never drops a silent client. */
    public SimulatorSettings(String host, int port, int ratePerSecond, int historySize, long limit, boolean strict) {
        this(host, port, ratePerSecond, historySize, limit, strict, Duration.ZERO);
    }

    /** Admits any number of concurrent connections (and measures their overlap). */
    public SimulatorSettings(String host, int port, int ratePerSecond, int historySize, long limit) {
        this(host, port, ratePerSecond, historySize, limit, false, Duration.ZERO);
    }

    /** The same settings, refusing (or not) a second concurrent connection. */
    public SimulatorSettings withStrict(boolean refuseSecond) {
        return new SimulatorSettings(host, port, ratePerSecond, historySize, limit, refuseSecond, clientTimeout);
    }

    /** The same settings, dropping a client silent for {@code timeout} (zero: never). */
    public SimulatorSettings withClientTimeout(Duration timeout) {
        return new SimulatorSettings(host, port, ratePerSecond, historySize, limit, strict, timeout);
    }

    /** An endless stream with the default history. */
    public SimulatorSettings(String host, int port, int ratePerSecond) {
        this(host, port, ratePerSecond, DEFAULT_HISTORY, 0);
    }
}
