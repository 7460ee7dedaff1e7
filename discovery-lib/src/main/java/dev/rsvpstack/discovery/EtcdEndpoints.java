package dev.rsvpstack.discovery;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where etcd is. Either an explicit list ({@code --etcd http://10.0.0.1:2379,http://10.0.0.2:2379}),
 * or the book's convention, opt-in: etcd listens on the {@code .1} address of the network one of this
 * machine's interfaces is on (the book's containers reached the host's etcd at the flannel/docker
 * bridge gateway). An endpoint list is checked here, at start-up, so a typo fails with a message
 * instead of as a connection error later.
 */
public final class EtcdEndpoints {
    private EtcdEndpoints() {
    }

    /**
     * Parses a comma-separated list of client URLs such as
     * {@code http://10.0.0.1:2379, https://etcd.example:2379}. Spaces around items and empty items
     * are ignored.
     *
     * @return the endpoints as {@code scheme://host:port}, in the given order
     * @throws IllegalArgumentException if the list is empty, or an item is not
     *                                  {@code http(s)://host:port}
     */
    public static List<URI> parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new IllegalArgumentException("no etcd endpoints given: expected http(s)://host:port[,...]");
        }
        List<URI> endpoints = new ArrayList<>();
        for (String item : commaSeparated.split(",")) {
            String trimmed = item.strip();
            if (!trimmed.isEmpty()) {
                endpoints.add(parseOne(trimmed));
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoints in '" + commaSeparated
                    + "': expected http(s)://host:port[,...]");
        }
        return List.copyOf(endpoints);
    }

    /**
     * The book's convention: etcd at the {@code .1} address of {@code interfaceName}'s IPv4 network,
     * for example {@code http://10.1.53.1:2379} on an interface holding {@code 10.1.53.5}.
     *
     * @param interfaceName the interface, for example {@code eth0} or {@code flannel.1}
     * @param port          etcd's client port, usually 2379
     * @throws IllegalArgumentException if the interface does not exist or has no IPv4 address
     */
    public static List<URI> gatewayOf(String interfaceName, int port) {
        if (interfaceName == null || interfaceName.isBlank()) {
            throw new IllegalArgumentException("a network interface name is required, for example eth0");
        }
        checkPort(port, interfaceName);
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            throw new UncheckedIOException("could not read network interface " + interfaceName, e);
        }
        if (nic == null) {
            throw new IllegalArgumentException("no network interface '" + interfaceName + "' on this machine (it has "
                    + interfaceNames() + ")");
        }
        Optional<Inet4Address> ipv4 = Collections.list(nic.getInetAddresses()).stream()
                .filter(Inet4Address.class::isInstance).map(Inet4Address.class::cast).findFirst();
        if (ipv4.isEmpty()) {
            throw new IllegalArgumentException("network interface '" + interfaceName
                    + "' has no IPv4 address, so it has no .1 gateway to find etcd at");
        }
        Inet4Address gateway = gatewayAddress(ipv4.get());
        return List.of(URI.create("http://" + gateway.getHostAddress() + ":" + port));
    }

    /** {@code address} with its last octet replaced by 1. */
    static Inet4Address gatewayAddress(Inet4Address address) {
        byte[] octets = address.getAddress();
        octets[3] = 1;
        try {
            return (Inet4Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always a valid IPv4 address", e);
        }
    }

    private static URI parseOne(String item) {
        if (!item.contains("://")) {
            throw invalid(item, "the scheme must be http or https, and it is missing");
        }
        URI uri;
        try {
            uri = new URI(item);
        } catch (URISyntaxException e) {
            throw invalid(item, "not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw invalid(item, "the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw invalid(item, "no host");
        }
        if (uri.getPort() == -1) {
            throw invalid(item, "no port (etcd's client port is usually 2379)");
        }
        checkPort(uri.getPort(), item);
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw invalid(item, "only scheme://host:port is allowed, no user, path, query or fragment");
        }
        return URI.create(scheme + "://" + uri.getHost() + ":" + uri.getPort());
    }

    private static void checkPort(int port, String context) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("etcd port for '" + context + "' must be 1 to 65535, was " + port);
        }
    }

    private static IllegalArgumentException invalid(String item, String why) {
        return new IllegalArgumentException("invalid etcd endpoint '" + item + "': " + why
                + "; expected http(s)://host:port, for example http://10.0.0.1:2379");
    }

    private static String interfaceNames() {
        try {
            return NetworkInterface.networkInterfaces().map(NetworkInterface::getName).sorted()
                    .collect(Collectors.joining(", "));
        } catch (SocketException e) {
            return "interfaces that could not be listed: " + e.getMessage();
        }
    }
}
