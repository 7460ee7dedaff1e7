package com.example.inventory;

import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.ConfigKey;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.HealthProbes;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.Subscription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A service another team might write: it listens on a port, announces itself in etcd while that
 * port answers, follows its peers, and reads a typed setting. Only discovery-lib's public API.
 */
public final class InventoryService implements AutoCloseable {
    public static final String SERVICE = "inventory";
    public static final ConfigKey<Integer> POOL_SIZE = ConfigKey.integer("pool-size", 4);

    private final ServerSocket socket;
    private final Discovery discovery;
    private final Registration registration;
    private final Subscription peerWatch;
    private final Config config;
    private volatile List<String> peers = List.of();

    private InventoryService(List<URI> etcd, String instance) throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
        discovery = EtcdDiscovery.builder().endpoints(etcd).build();
        peerWatch = discovery.watch(SERVICE, (snapshot, changes) -> peers = snapshot.hostsAndPorts());
        config = discovery.config(SERVICE, List.of(POOL_SIZE), changed -> { });
        registration = discovery.register(RegistrationRequest.builder(SERVICE, instance,
                        address.getHostString() + ":" + address.getPort())
                .probe(HealthProbes.tcp(address, Duration.ofSeconds(1)), Duration.ofSeconds(1))
                .build());
    }

    public static InventoryService start(List<URI> etcd, String instance) throws IOException {
        return new InventoryService(etcd, instance);
    }

    /** host:port of every registered instance, this one included. */
    public List<String> peers() {
        return peers;
    }

    public int poolSize() {
        return config.get(POOL_SIZE);
    }

    @Override
    public void close() throws IOException {
        registration.close();
        peerWatch.close();
        config.close();
        discovery.close();
        socket.close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: inventory-service <etcd URL> <instance>");
            System.exit(2);
        }
        try (InventoryService service = start(List.of(URI.create(args[0])), args[1])) {
            System.out.println("registered; peers " + service.peers() + ", pool size " + service.poolSize());
            new CountDownLatch(1).await();
        }
    }
}
