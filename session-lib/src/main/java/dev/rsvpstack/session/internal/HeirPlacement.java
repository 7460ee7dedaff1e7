package dev.rsvpstack.session.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a key and its backup live: its <em>primary</em> is the server npm {@code memcached} picks on the
 * configured ring ({@link NpmHashRing}); its <em>heir</em> is the server that ring would pick if the
 * primary were withdrawn, that is the owner of the key on the ring built without the primary. When a dead
 * node is withdrawn, both sides re-ring and look for each of its keys exactly on its heir, where the
 * backup already is. Note that the heir is not simply the next server clockwise on the full ring: with one
 * server fewer, npm's ring gives every server a different number of points ({@code floor(1/n * 40 * n)}),
 * so the rings without each server are built as npm would build them.
 *
 * <p>After a node joins, the keys it takes over are still on their <em>previous owner</em> (the owner on
 * the ring before the change); a lookup that misses on the new owner asks that one once.
 *
 * <p>Immutable: one per node list, built when the list changes.
 */
public final class HeirPlacement {
    private final NpmHashRing ring;
    private final Map<String, NpmHashRing> without;
    private final NpmHashRing previous;

    private HeirPlacement(NpmHashRing ring, NpmHashRing previous) {
        this.ring = ring;
        this.previous = previous;
        Map<String, NpmHashRing> rings = new HashMap<>();
        if (ring.servers().size() > 1) {
            for (String server : ring.servers()) {
                List<String> rest = new ArrayList<>(ring.servers());
                rest.remove(server);
                rings.put(server, new NpmHashRing(rest));
            }
        }
        this.without = Map.copyOf(rings);
    }

    /** The placement on these servers (npm {@code memcached}'s server strings), with no earlier list. */
    public static HeirPlacement of(Collection<String> servers) {
        return new HeirPlacement(new NpmHashRing(servers), null);
    }

    /**
     * The placement after the list changed to {@code servers}. When servers were added, keys that moved to
     * them are looked for on their previous owner too ({@link #previousOwner}); when none were added, there
     * is nothing to read through (keys of a withdrawn server are found on its heir).
     */
    public HeirPlacement next(Collection<String> servers) {
        NpmHashRing now = new NpmHashRing(servers);
        boolean added = !ring.servers().containsAll(now.servers());
        return new HeirPlacement(now, added ? ring : null);
    }

    public List<String> servers() {
        return ring.servers();
    }

    /** The key's server, as npm {@code memcached} picks it. */
    public String primary(String key) {
        return ring.serverFor(key);
    }

    /** The server that would own the key if its primary were withdrawn; {@code null} with one server. */
    public String heir(String key) {
        NpmHashRing rest = without.get(ring.serverFor(key));
        return rest == null ? null : rest.serverFor(key);
    }

    /**
     * The server that owned the key before servers were added, when that is another server that is still
     * on the ring; else {@code null}.
     */
    public String previousOwner(String key) {
        if (previous == null) {
            return null;
        }
        String before = previous.serverFor(key);
        String now = ring.serverFor(key);
        return before.equals(now) || !ring.servers().contains(before) ? null : before;
    }

    /**
     * Where a key's operations go now: its primary while {@code usable} accepts it, else its heir (where
     * its backup is, and where its keys go once the primary is withdrawn), else the next usable server
     * clockwise; {@code null} when none is usable.
     */
    public String route(String key, Predicate<String> usable) {
        String primary = ring.serverFor(key);
        if (primary == null || usable.test(primary)) {
            return primary;
        }
        String heir = heir(key);
        if (heir != null && usable.test(heir)) {
            return heir;
        }
        return ring.serverFor(key, usable);
    }

    @Override
    public String toString() {
        return "HeirPlacement" + ring.servers() + (previous == null ? "" : " (previously " + previous.servers() + ")");
    }
}
