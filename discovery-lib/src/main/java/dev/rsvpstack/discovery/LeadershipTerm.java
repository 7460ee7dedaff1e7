package dev.rsvpstack.discovery;

import java.util.Objects;

/**
 * One term of leadership: this candidate led election {@code electionName} from the moment its key
 * was created at etcd revision {@code revision}. A later term of any candidate on the same etcd data
 * has a higher revision, so the revision can fence writes: a store that refuses a write carrying a
 * lower revision than one it has seen cannot be moved backwards by a leader that lost its term (a
 * paused process that woke up).
 *
 * <p>Revisions are only ordered within one etcd keyspace: an etcd rebuilt empty (disaster recovery,
 * a new cluster) counts from 1 again. The {@code epoch} names the keyspace that issued the revision,
 * so a store can tell "an older term" from "a term of a new etcd" (see {@code docs/architecture.md},
 * fencing). etcd's own cluster id cannot serve: it is a hash of the members' names, peer URLs and
 * cluster token, so an etcd rebuilt with the same configuration has the same id.
 *
 * @param revision the election key's create revision (etcd's); 1 for a {@link StaticDiscovery} leader
 * @param epoch    a random id stored once in the etcd keyspace that issued {@code revision} and kept
 *                 with it (a snapshot restore keeps both); a rebuilt, empty etcd gets a new one.
 *                 Empty when unknown ({@link StaticDiscovery}): then only revisions are compared
 */
public record LeadershipTerm(String electionName, String candidateId, long revision, String epoch) {
    /** The epoch of a term whose keyspace is unknown: compared by revision only. */
    public static final String UNKNOWN_EPOCH = "";

    public LeadershipTerm {
        Objects.requireNonNull(electionName, "electionName");
        Objects.requireNonNull(candidateId, "candidateId");
        Objects.requireNonNull(epoch, "epoch (UNKNOWN_EPOCH when unknown)");
        if (revision < 1) {
            throw new IllegalArgumentException("a term's revision is positive, was " + revision);
        }
    }

    /** A term of an unknown epoch, compared by revision only. */
    public LeadershipTerm(String electionName, String candidateId, long revision) {
        this(electionName, candidateId, revision, UNKNOWN_EPOCH);
    }
}
