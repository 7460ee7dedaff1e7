package dev.rsvpstack.discovery.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd's election API in memory for one candidate: a campaign wins at once unless a test holds
 * another leader in place.
 */
final class FakeElection implements ElectionApi {
    /** The one keyspace this fake stands for. */
    static final String EPOCH = "epoch-of-the-fake";
    private final AtomicLong revision = new AtomicLong(40);
    private final List<String> calls;
    volatile Leader otherLeader;
    /** While true, a campaign never answers: a standby waiting on a member cut off from its peers. */
    volatile boolean holdCampaigns;
    private volatile Leader current;

    FakeElection(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public CompletableFuture<Campaigned> campaign(String prefix, long leaseId, String proposal) {
        long rev = revision.incrementAndGet();
        String key = prefix + "/" + Long.toHexString(leaseId);
        current = new Leader(key, leaseId, proposal, rev);
        calls.add("campaign " + Long.toHexString(leaseId));
        if (holdCampaigns) {
            return new CompletableFuture<>();
        }
        return CompletableFuture.completedFuture(new Campaigned(prefix, key, rev, leaseId));
    }

    @Override
    public CompletableFuture<Leader> leader(String prefix) {
        Leader other = otherLeader;
        return CompletableFuture.completedFuture(other != null ? other : current);
    }

    @Override
    public CompletableFuture<String> epoch(String electionName, String fresh) {
        return CompletableFuture.completedFuture(EPOCH);
    }

    @Override
    public CompletableFuture<Void> resign(Campaigned won) {
        calls.add("resign " + Long.toHexString(won.leaseId()));
        current = null;
        return CompletableFuture.completedFuture(null);
    }
}
