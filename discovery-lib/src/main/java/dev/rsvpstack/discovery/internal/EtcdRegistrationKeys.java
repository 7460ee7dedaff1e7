package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** {@link RegistrationKeys} as etcd transactions. */
final class EtcdRegistrationKeys implements RegistrationKeys {
    private final Supplier<KV> kv;

    /** @param kv the KV client for the next call (a member with a leader's) */
    EtcdRegistrationKeys(Supplier<KV> kv) {
        this.kv = kv;
    }

    @Override
    public CompletableFuture<Claim> claim(String key, String value, long leaseId) {
        ByteSequence k = Bytes.of(key);
        return kv.get().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, Bytes.of(value), PutOption.builder().withLeaseId(leaseId).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit().thenApply(response -> {
                    if (response.isSucceeded()) {
                        return new Claim(true, response.getHeader().getRevision(), leaseId, value);
                    }
                    if (response.getGetResponses().get(0).getKvs().isEmpty()) {
                        return new Claim(false, 0, 0, ""); // deleted between the compare and the get
                    }
                    KeyValue holder = response.getGetResponses().get(0).getKvs().get(0);
                    return new Claim(false, holder.getCreateRevision(), holder.getLease(), Bytes.text(holder.getValue()));
                });
    }

    @Override
    public CompletableFuture<Void> withdraw(String key, long createRevision) {
        ByteSequence k = Bytes.of(key);
        return kv.get().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision)))
                .Then(Op.delete(k, DeleteOption.DEFAULT))
                .commit().thenApply(r -> null);
    }
}
