package dev.rsvpstack.discovery;

import java.util.Objects;

/**
 * One term of leadership: this candidate led election {@code electionName} from the moment its key
 * was created at etcd revision {@code revision}. A later term of any candidate has a higher revision,
 * so the revision can fence writes: a store that refuses a write carrying a lower revision than one it
 * has seen cannot be moved backwards by a leader that lost its term (a paused process that woke up).
 *
 * @param revision the election key's create revision (etcd's); 1 for a {@link StaticDiscovery} leader
 */
public record LeadershipTerm(String electionName, String candidateId, long revision) {
    public LeadershipTerm {
        Objects.requireNonNull(electionName, "electionName");
        Objects.requireNonNull(candidateId, "candidateId");
        if (revision < 1) {
            throw new IllegalArgumentException("a term's revision is positive, was " + revision);
        }
    }
}
