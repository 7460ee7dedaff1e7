package dev.rsvpstack.discovery;

import java.net.URI;
import java.util.Objects;

/**
 * What one etcd member says of itself: whether it knows a leader (so it can serve current data and
 * accept writes) or is cut off from the quorum while its clients still reach it.
 *
 * @param endpoint the member's client URL
 * @param quorum   whether it has a leader, has none, or did not answer
 * @param revision the revision it has applied (0 when it did not answer); a member without a leader
 *                 stays at the revision it had when it was cut off
 */
public record EtcdMemberStatus(URI endpoint, Quorum quorum, long revision) {
    public EtcdMemberStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(quorum, "quorum");
    }

    /** A member's view of the cluster's leader. */
    public enum Quorum {
        /** It follows a leader, or is the leader: its reads and writes go through the quorum. */
        HAS_LEADER,
        /** It answers but has no leader: cut off from its peers (or the cluster lost its quorum). */
        NO_LEADER,
        /** It did not answer within the request timeout. */
        UNREACHABLE
    }
}
