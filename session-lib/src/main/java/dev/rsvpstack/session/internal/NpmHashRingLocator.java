package dev.rsvpstack.session.internal;

import com.google.code.yanf4j.core.Session;
import dev.rsvpstack.session.MemcachedSettings;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.impl.AbstractMemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.MemcachedSession;

/**
 * xmemcached's node choice by {@link NpmHashRing}. The ring holds the configured nodes (what npm
 * {@code memcached} holds too), not only the connected ones, so that a node that is slow to connect
 * does not shift keys; a key whose node has no connection right now goes to the next connected node
 * on the ring, as xmemcached's own locator does, and returns once the node is back.
 */
final class NpmHashRingLocator extends AbstractMemcachedSessionLocator {
    private volatile NpmHashRing ring;
    private volatile Map<String, Session> connected = Map.of();

    NpmHashRingLocator(List<InetSocketAddress> nodes) {
        configure(nodes);
    }

    /** The configured nodes changed: keys move only from and to the nodes that came or went. */
    void configure(List<InetSocketAddress> nodes) {
        ring = new NpmHashRing(nodes.stream().map(MemcachedSettings::serverString).toList());
    }

    @Override
    public Session getSessionByKey(String key) {
        Map<String, Session> sessions = connected;
        String server = ring.serverFor(key, sessions::containsKey);
        return server == null ? null : sessions.get(server);
    }

    @Override
    public void updateSessions(Collection<Session> sessions) {
        Map<String, Session> byServer = new HashMap<>();
        for (Session session : sessions) {
            if (!session.isClosed()) {
                byServer.put(serverString(session), session);
            }
        }
        connected = Map.copyOf(byServer);
    }

    /** The configured address (as the application gave it), not the socket's resolved peer. */
    private static String serverString(Session session) {
        if (session instanceof MemcachedSession memcached && memcached.getInetSocketAddressWrapper() != null) {
            return MemcachedSettings.serverString(memcached.getInetSocketAddressWrapper().getInetSocketAddress());
        }
        return MemcachedSettings.serverString(session.getRemoteSocketAddress());
    }
}
