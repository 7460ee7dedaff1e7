package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.Election;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.LeaderKey;
import java.util.concurrent.CompletableFuture;

/** {@link ElectionApi} on jetcd's election client. */
final class EtcdElectionApi implements ElectionApi {
    private final Election election;

    EtcdElectionApi(Election election) {
        this.election = election;
    }

    @Override
    public CompletableFuture<Campaigned> campaign(String prefix, long leaseId, String proposal) {
        return election.campaign(Bytes.of(prefix), leaseId, Bytes.of(proposal)).thenApply(response -> {
            LeaderKey key = response.getLeader();
            return new Campaigned(prefix, Bytes.text(key.getKey()), key.getRevision(), key.getLease());
        });
    }

    @Override
    public CompletableFuture<Leader> leader(String prefix) {
        return election.leader(Bytes.of(prefix)).thenApply(response -> {
            KeyValue kv = response.getKv();
            return new Leader(Bytes.text(kv.getKey()), kv.getLease(), Bytes.text(kv.getValue()), kv.getCreateRevision());
        });
    }

    @Override
    public CompletableFuture<Void> resign(Campaigned won) {
        return election.resign(new LeaderKey(Bytes.of(won.prefix()), Bytes.of(won.key()), won.revision(),
                won.leaseId())).thenApply(r -> null);
    }
}
