package dev.rsvpstack.session.internal;

import com.google.code.yanf4j.core.Session;
import dev.rsvpstack.session.MemcachedSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.impl.AbstractMemcachedSessionLocator;

/**
 * xmemcached's node choice by {@link NpmHashRing}. The ring holds the configured nodes (what npm
 * {@code memcached} holds too), not only the connected ones, so that a node that is slow to connect
 * does not shift keys; a key whose node has no connection right now goes to the next connected node
 * on the ring, as xmemcached's own locator does, and returns once the node is back.
 *
 * <p>A connection is matched to its configured node by the peer's IP address and port, never by the
 * host name xmemcached keeps: given {@code new InetSocketAddress("127.0.0.1", port)}, xmemcached's
 * copy says {@code localhost} (a reverse lookup), and the ring's name must stay the configured one.
 */
final class NpmHashRingLocator extends AbstractMemcachedSessionLocator {
    private volatile NpmHashRing ring;
    private volatile Map<String, String> nameByEndpoint = Map.of();
    private volatile Collection<Session> sessions = List.of();
    private volatile Map<String, Session> connected = Map.of();

    NpmHashRingLocator(List<InetSocketAddress> nodes) {
        configure(nodes);
    }

    /** The configured nodes changed: keys move only from and to the nodes that came or went. */
    synchronized void configure(List<InetSocketAddress> nodes) {
        Map<String, String> names = new HashMap<>();
        for (InetSocketAddress node : nodes) {
            InetAddress address = resolve(node);
            if (address != null) {
                names.putIfAbsent(endpoint(address, node.getPort()), MemcachedSettings.serverString(node));
            }
        }
        nameByEndpoint = Map.copyOf(names);
        ring = new NpmHashRing(nodes.stream().map(MemcachedSettings::serverString).toList());
        connected = byName(sessions);
    }

    @Override
    public Session getSessionByKey(String key) {
        Map<String, Session> now = connected;
        String server = ring.serverFor(key, now::containsKey);
        return server == null ? null : now.get(server);
    }

    @Override
    public synchronized void updateSessions(Collection<Session> current) {
        sessions = List.copyOf(current);
        connected = byName(sessions);
    }

    private Map<String, Session> byName(Collection<Session> list) {
        Map<String, Session> byName = new HashMap<>();
        for (Session session : list) {
            InetSocketAddress peer = session.getRemoteSocketAddress();
            if (session.isClosed() || peer == null || peer.getAddress() == null) {
                continue;
            }
            String name = nameByEndpoint.get(endpoint(peer.getAddress(), peer.getPort()));
            if (name != null) {
                byName.put(name, session);
            }
        }
        return Map.copyOf(byName);
    }

    private static InetAddress resolve(InetSocketAddress node) {
        if (!node.isUnresolved()) {
            return node.getAddress();
        }
        try {
            return InetAddress.getByName(node.getHostString());
        } catch (UnknownHostException e) {
            return null; // xmemcached cannot connect to it either; it keeps retrying, and so will configure
        }
    }

    private static String endpoint(InetAddress address, int port) {
        return address.getHostAddress() + " " + port;
    }
}
