package dev.rsvpstack.discovery.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an instance's address as sidekicks write it: {@code host}, {@code host:port} or
 * {@code [v6]:port} (a bare IPv6 address is accepted too). The book's sidekicks stored a bare IP;
 * then the service's default port applies.
 */
public final class AddressParser {
    /** Host names (RFC 1123 labels) and IPv4 addresses. */
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\](?::(\\d{1,5}))?");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\[\\]]+)(?::(\\d{1,5}))?");

    private AddressParser() {
    }

    /** A parsed address. */
    public record HostPort(String host, int port) {
    }

    /**
     * @param raw         the value under {@code /services/<name>/<instance>}
     * @param defaultPort the service's port when the value names none; 0 when the service has none
     * @return the address, or empty when the value is not an address (or names no port and the service has no default)
     */
    public static Optional<HostPort> parse(String raw, int defaultPort) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Matcher bracketed = BRACKETED.matcher(value);
        if (bracketed.matches()) {
            return ipv6(bracketed.group(1), bracketed.group(2), defaultPort);
        }
        if (value.indexOf(':') != value.lastIndexOf(':')) {
            return ipv6(value, null, defaultPort); // a bare IPv6 address: more than one colon, no brackets
        }
        Matcher hostPort = HOST_PORT.matcher(value);
        if (hostPort.matches() && HOST.matcher(hostPort.group(1)).matches()) {
            return withPort(hostPort.group(1), hostPort.group(2), defaultPort);
        }
        return Optional.empty();
    }

    private static Optional<HostPort> ipv6(String host, String port, int defaultPort) {
        if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
            return Optional.empty();
        }
        return withPort(host, port, defaultPort);
    }

    private static Optional<HostPort> withPort(String host, String portText, int defaultPort) {
        int port = portText == null ? defaultPort : Integer.parseInt(portText);
        if (port < 1 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, port));
    }
}
