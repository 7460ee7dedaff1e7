package dev.rsvpstack.spring.session.internal;

import dev.rsvpstack.session.MemcachedSessionStore;
import java.net.InetSocketAddress;
import java.util.List;

/** Where the memcached nodes come from when they are not a fixed list (a type free of discovery-lib's). */
public interface NodeSource {
    /** The nodes known now; never empty. */
    List<InetSocketAddress> current();

    /** From now on, changes of the node list go to {@code store}. */
    void follow(MemcachedSessionStore store);
}
