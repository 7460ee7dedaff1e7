package dev.rsvpstack.session.internal;

import com.google.code.yanf4j.core.Session;
import dev.rsvpstack.session.MemcachedSettings;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.impl.AbstractMemcachedSessionLocator;

/**
 * xmemcached's node choice by {@link NpmHashRing}. The ring holds the configured nodes (what npm
 * {@code memcached} holds too), not only the connected ones, so that a node that is slow to connect
 * does not shift keys; a key whose node has no connection right now goes to its heir (the node that
 * takes the key over once its node is withdrawn, where session-lib keeps the backup), else to the next
 * connected node on the ring, and returns once the node is back.
 *
 * <p>A connection is matched to its node by the ring's name of its peer address
 * ({@link MemcachedSettings#serverString}). That name is the configured one because xmemcached only
 * ever sees the store's private copies of the addresses ({@link XMemcachedSessionStore#isolated}),
 * whose host string is the configured one and is never replaced by a reverse lookup. That copy is
 * the one fix for xmemcached renaming IP addresses: {@code NodeAddressesIT} fails without it (the
 * caller's shared {@code 127.0.0.1} became {@code localhost}, so a second store named the nodes
 * differently), and passes with it without matching connections by IP and port here.
 */
final class NpmHashRingLocator extends AbstractMemcachedSessionLocator {
    private volatile HeirPlacement placement;
    private volatile Collection<Session> sessions = List.of();
    private volatile Map<String, Session> connected = Map.of();

    NpmHashRingLocator(List<InetSocketAddress> nodes) {
        configure(nodes);
    }

    /** The configured nodes changed: keys move only from and to the nodes that came or went. */
    synchronized void configure(List<InetSocketAddress> nodes) {
        List<String> servers = nodes.stream().map(MemcachedSettings::serverString).toList();
        placement = placement == null ? HeirPlacement.of(servers) : placement.next(servers);
        connected = byName(sessions);
    }

    /**
     * A key whose node has no connection goes to its heir (where its backup is, and where it goes once
     * the node is withdrawn), else to the next connected node on the ring.
     */
    @Override
    public Session getSessionByKey(String key) {
        Map<String, Session> now = connected;
        String server = placement.route(key, now::containsKey);
        return server == null ? null : now.get(server);
    }

    /** The ring name of the node a key goes to now (see {@link #getSessionByKey}); {@code null} if none. */
    String routed(String key) {
        Map<String, Session> now = connected;
        return placement.route(key, now::containsKey);
    }

    /** The ring now, with each key's heir. */
    HeirPlacement placement() {
        return placement;
    }

    /** The open connection to the node of that ring name, or {@code null}. */
    Session connection(String server) {
        return connected.get(server);
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
            if (!session.isClosed() && peer != null) {
                byName.put(MemcachedSettings.serverString(peer), session);
            }
        }
        return Map.copyOf(byName);
    }
}
