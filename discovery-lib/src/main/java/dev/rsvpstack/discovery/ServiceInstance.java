package dev.rsvpstack.discovery;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One instance of a service, from key {@code /services/<service>/<id>}.
 *
 * @param id   the last segment of the key, for example {@code 1} in {@code /services/memcached/1}
 * @param host a host name, an IPv4 address, or an IPv6 address without brackets
 * @param port the port, from the value or the service's default
 */
public record ServiceInstance(String id, String host, int port) {
    public ServiceInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
    }

    /** {@code host:port}, or {@code [v6]:port} for an IPv6 address. */
    public String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** An unresolved socket address: resolving is the caller's choice (and may block). */
    public InetSocketAddress socketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
