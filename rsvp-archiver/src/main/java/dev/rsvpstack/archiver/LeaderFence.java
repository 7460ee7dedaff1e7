package dev.rsvpstack.archiver;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What an archiver asks before it touches the stream or the checkpoint: may it still act as the
 * leader? An archiver run by {@link ArchiverService} is fenced by its leadership term (a monotonic-clock
 * bound on the election's lease, and the term's revision on every checkpoint write); one run on its own
 * is not fenced ({@link #NONE}).
 */
public interface LeaderFence {
    /** Whether this instance may act as the leader now; false once its lease may have expired. */
    boolean holds();

    /**
     * The leadership term stamped on checkpoint writes, so a store can refuse an older term's;
     * {@link CheckpointStore#NO_TERM} for none.
     */
    long term();

    /**
     * The epoch of the etcd that issued {@link #term()} (see {@code LeadershipTerm#epoch()}), stamped
     * beside it; {@link CheckpointStore#UNKNOWN_EPOCH} when unknown (then only revisions are compared).
     */
    default String epoch() {
        return CheckpointStore.UNKNOWN_EPOCH;
    }

    /**
     * Always holds, {@link CheckpointStore#NO_TERM}: the checkpoint is written without a term, and not
     * at all once an elected leader's term holds it.
     */
    LeaderFence NONE = of(CheckpointStore.NO_TERM, () -> true);

    /** A fence of {@code term} whose etcd is unknown: compared by revision only. */
    static LeaderFence of(long term, BooleanSupplier holds) {
        return of(CheckpointStore.UNKNOWN_EPOCH, term, holds);
    }

    /** A fence of {@code term}, issued by the etcd of {@code epoch}. */
    static LeaderFence of(String epoch, long term, BooleanSupplier holds) {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(holds, "holds");
        if (term < 0) {
            throw new IllegalArgumentException("a term is not negative, was " + term);
        }
        return new LeaderFence() {
            @Override
            public boolean holds() {
                return holds.getAsBoolean();
            }

            @Override
            public long term() {
                return term;
            }

            @Override
            public String epoch() {
                return epoch;
            }

            @Override
            public String toString() {
                return "term " + term + (epoch.isEmpty() ? "" : " of etcd epoch " + epoch);
            }
        };
    }
}
