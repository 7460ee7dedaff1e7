package dev.rsvpstack.discovery.internal;

import java.util.concurrent.CompletableFuture;

/**
 * The calls of etcd's election API (and the epoch key beside it) that {@link EtcdLeaderElection} makes, so that its state
 * machine can be tested on a fake (the real one is {@link EtcdElectionApi}).
 */
interface ElectionApi {
    /** Answers once every older key under {@code prefix} is gone and this lease's key leads. */
    CompletableFuture<Campaigned> campaign(String prefix, long leaseId, String proposal);

    /** The current leader's key. */
    CompletableFuture<Leader> leader(String prefix);

    CompletableFuture<Void> resign(Campaigned won);

    /**
     * The epoch of this etcd keyspace for election {@code electionName}: the value of its epoch key,
     * which the first caller on an empty keyspace creates with {@code fresh} (atomically: concurrent
     * callers all get the one value that was stored).
     */
    CompletableFuture<String> epoch(String electionName, String fresh);

    /**
     * A key that won a campaign.
     *
     * @param revision the key's create revision: it names this term of leadership
     */
    record Campaigned(String prefix, String key, long revision, long leaseId) {
    }

    /** The key that leads now, with its lease and value (the candidate id). */
    record Leader(String key, long leaseId, String value, long createRevision) {
    }
}
