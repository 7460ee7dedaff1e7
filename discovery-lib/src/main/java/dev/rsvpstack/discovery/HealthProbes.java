package dev.rsvpstack.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Ready-made probes. */
public final class HealthProbes {
    private HealthProbes() {
    }

    /** Passes when a TCP connection to {@code address} opens within {@code timeout}. */
    public static HealthProbe tcp(InetSocketAddress address, Duration timeout) {
        int millis = Math.toIntExact(Math.max(1, timeout.toMillis()));
        return () -> {
            InetSocketAddress resolved = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            try (Socket socket = new Socket()) {
                socket.connect(resolved, millis);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** Always passes: the registration lives as long as the process. */
    public static HealthProbe always() {
        return () -> true;
    }
}
