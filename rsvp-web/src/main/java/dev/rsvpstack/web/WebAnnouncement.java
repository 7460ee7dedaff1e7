package dev.rsvpstack.web;

import dev.rsvpstack.discovery.ServiceKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * How a web instance announces itself to the load balancer: {@code /services/web/<instance>} =
 * {@code address} under a lease, from the first time {@code /readyz} passes (health-gated, as the
 * sidekicks announce Couchbase and memcached only while their probe passes), withdrawn first when the
 * instance stops. A later {@code /readyz} failure (Couchbase down for every instance) keeps the key,
 * so a shared dependency's outage never empties the front door.
 *
 * @param instance this instance's id, one key segment (for example the unit's {@code %i})
 * @param address  {@code host:port} the load balancer should send users to (the public listener as
 *                 the load balancer reaches it, which may differ from the bind address)
 * @param ttl      the lease's time to live (at least 2 s; 8 s as in the book)
 */
public record WebAnnouncement(String instance, String address, Duration ttl) {
    /** The service name under {@code /services/}. */
    public static final String SERVICE = "web";
    /** The lease's default time to live, the sidekicks' and the book's. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(8);

    /**
     * @throws IllegalArgumentException naming the first invalid part
     */
    public WebAnnouncement {
        ServiceKeys.requireName(instance, "instance");
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (address.isBlank() || colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("the advertised address must be host:port, was '" + address + "'");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the advertised address must be host:port, was '" + address + "'", e);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the advertised port must be 1 to 65535, was " + port);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toSeconds() < 2) {
            throw new IllegalArgumentException("the registration ttl must be at least 2 s, was " + ttl);
        }
    }
}
