package dev.rsvpstack.session;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A {@link SessionStore} on memcached nodes chosen by consistent (Ketama) hashing, so that changing
 * the node list moves only the sessions of the nodes that come or go.
 */
public interface MemcachedSessionStore extends SessionStore {
    /**
     * Replaces the node list at run time, for example when discovery reports a change: nodes that
     * stay keep their connections and their sessions; removed nodes are disconnected, added ones
     * connected in the background.
     *
     * @throws IllegalArgumentException if {@code nodes} is empty
     */
    void replaceNodes(List<InetSocketAddress> nodes);

    /** The configured nodes, in the order given. */
    List<InetSocketAddress> nodes();
}
