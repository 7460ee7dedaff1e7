package dev.rsvpstack.session;

/**
 * How a memcached session store picks the node of a key.
 */
public enum KeyPlacement {
    /**
     * The node npm {@code memcached} 2.x would pick (the client under connect-memcached: {@code hashring}
     * in ketama compatibility, md5, 160 points per node), given the same server strings
     * ({@link MemcachedSettings#serverString(java.net.InetSocketAddress)}). A Java and a Node instance on
     * the same nodes find each other's sessions. The default.
     */
    NPM_MEMCACHED,

    /**
     * xmemcached's own Ketama locator, session-lib's placement before 0.2: for a Java-only deployment
     * that wants to keep its stored sessions across the upgrade. Node instances look for sessions on
     * other nodes, so sharing sessions with connect-memcached works with a single node only.
     */
    XMEMCACHED_KETAMA
}
