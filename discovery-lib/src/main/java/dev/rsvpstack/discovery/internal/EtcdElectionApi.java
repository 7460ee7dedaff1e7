package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.ServiceKeys;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link ElectionApi} on jetcd's election and KV clients. */
final class EtcdElectionApi implements ElectionApi {
    static final String EPOCH_ROOT = ServiceKeys.ELECTION_EPOCHS_ROOT;

    private final Supplier<Election> election;
    private final Supplier<KV> kv;

    /** @param election and {@code kv}: the clients for the next call (a member with a leader's) */
    EtcdElectionApi(Supplier<Election> election, Supplier<KV> kv) {
        this.election = election;
        this.kv = kv;
    }

    @Override
    public CompletableFuture<Campaigned> campaign(String prefix, long leaseId, String proposal) {
        return election.get().campaign(Bytes.of(prefix), leaseId, Bytes.of(proposal)).thenApply(response -> {
            LeaderKey key = response.getLeader();
            return new Campaigned(prefix, Bytes.text(key.getKey()), key.getRevision(), key.getLease());
        });
    }

    @Override
    public CompletableFuture<Leader> leader(String prefix) {
        return election.get().leader(Bytes.of(prefix)).thenApply(response -> {
            KeyValue kv = response.getKv();
            return new Leader(Bytes.text(kv.getKey()), kv.getLease(), Bytes.text(kv.getValue()), kv.getCreateRevision());
        });
    }

    @Override
    public CompletableFuture<Void> resign(Campaigned won) {
        return election.get().resign(new LeaderKey(Bytes.of(won.prefix()), Bytes.of(won.key()), won.revision(),
                won.leaseId())).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<String> epoch(String electionName, String fresh) {
        ByteSequence key = Bytes.of(EPOCH_ROOT + electionName);
        // create-if-absent, else read, in one transaction: every candidate sees the one stored value
        return kv.get().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, Bytes.of(fresh), PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit().thenApply(response -> response.isSucceeded() ? fresh
                        : Bytes.text(response.getGetResponses().get(0).getKvs().get(0).getValue()));
    }
}
