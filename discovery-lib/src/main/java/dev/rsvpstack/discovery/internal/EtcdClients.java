package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.EtcdMemberStatus;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The jetcd clients of one discovery, and the choice of one for each request. jetcd's own client
 * spreads calls over the members in turn, so a request that a member without a leader refused may be
 * retried on that member again and again when the calls of a process fall into step with the turn
 * (seen: an election's campaign refused for 20 s while two members had a leader). So there is also
 * one client per member, and each request goes to a member that had a leader at the quorum
 * monitor's last check, in turn among them; only when none is known to have one does it go through
 * the shared client.
 */
public final class EtcdClients implements AutoCloseable {
    private final Client all;
    private final Map<URI, Client> members;
    private final AtomicInteger turn = new AtomicInteger();
    private volatile Supplier<List<EtcdMemberStatus>> statuses = List::of;

    /**
     * @param all     the client of every endpoint
     * @param members one client per member
     */
    public EtcdClients(Client all, Map<URI, Client> members) {
        this.all = all;
        this.members = Map.copyOf(members);
    }

    /** Where the members' last known statuses come from (the quorum monitor). */
    void followStatuses(Supplier<List<EtcdMemberStatus>> source) {
        this.statuses = source;
    }

    /** The client for the next request: a member with a leader's own, else the shared one. */
    public Client preferred() {
        if (members.isEmpty()) {
            return all;
        }
        List<Client> withLeader = statuses.get().stream()
                .filter(status -> status.quorum() == EtcdMemberStatus.Quorum.HAS_LEADER)
                .map(status -> members.get(status.endpoint())).filter(java.util.Objects::nonNull).toList();
        if (withLeader.isEmpty()) {
            return all;
        }
        return withLeader.get(Math.floorMod(turn.getAndIncrement(), withLeader.size()));
    }

    /** The shared client, whichever member it reaches. */
    Client shared() {
        return all;
    }

    /** The member's own client, or {@code null} for a member not configured (found in the member list). */
    Client member(URI endpoint) {
        return members.get(endpoint);
    }

    @Override
    public void close() {
        members.values().forEach(Client::close);
        all.close();
    }
}
