package dev.rsvpstack.testkit.memcached;

import dev.rsvpstack.testkit.ServerGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Independent real memcached servers (Debian's {@code memcached}) on free loopback ports, with logs
 * under {@code target/testkit/memcached/<name>/}. Tests need real servers because what they check—
 * a client spreading keys over nodes, a node dying and coming back empty—happens between client and
 * server. A plain {@link AutoCloseable} (a {@link ServerGroup}), so it works without JUnit; {@link MemcachedExtension} ties it
 * to a test class.
 */
public final class MemcachedNodes extends ServerGroup<MemcachedNode> {
    private static final Logger LOG = LoggerFactory.getLogger(MemcachedNodes.class);

    /**
     * @param name  a file-name-safe name for the log directory, for example the test class's simple name
     * @param count the number of nodes, 1 or more
     */
    public MemcachedNodes(String name, int count) {
        super("memcached", name, count);
    }

    /**
     * Wipes the log directory and starts every node, each waited for until it accepts connections.
     * If a port turned out to be taken meanwhile, it tries once more with fresh ports.
     *
     * @throws IllegalStateException if memcached is not installed (naming the apt-get command) or a
     *                               node does not start; nothing is left running then
     */
    public MemcachedNodes start() {
        startMembers("memcached", "memcached");
        LOG.info("memcached nodes {} are up: {}", name(), addresses());
        return this;
    }

    /** Starts every node that is not running. */
    public synchronized void startAll() {
        all().stream().filter(node -> !node.isRunning()).forEach(MemcachedNode::start);
    }

    /** The addresses of all nodes, running or not, in node order. */
    public List<InetSocketAddress> addresses() {
        return all().stream().map(MemcachedNode::address).toList();
    }

    /** The node at {@code index}, from 0. */
    public MemcachedNode node(int index) {
        return at(index);
    }

    /** All nodes in order. */
    public List<MemcachedNode> nodes() {
        return all();
    }

    @Override
    protected List<MemcachedNode> create(Path binary, Path root, List<Integer> ports) {
        List<MemcachedNode> created = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            created.add(new MemcachedNode("node-" + i, binary, ports.get(i), root.resolve("node-" + i + ".log")));
        }
        return created;
    }

    @Override
    protected void launch(List<MemcachedNode> created) {
        created.forEach(MemcachedNode::start);
    }

    @Override
    protected boolean portTaken(MemcachedNode node) {
        return node.logMentions("address already in use");
    }

    @Override
    protected void stop(MemcachedNode node) {
        node.close();
    }
}
