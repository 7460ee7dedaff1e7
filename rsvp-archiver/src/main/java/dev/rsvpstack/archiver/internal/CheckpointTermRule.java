package dev.rsvpstack.archiver.internal;

import dev.rsvpstack.archiver.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a claim or save of one leadership term may write the checkpoint, given the term stored in it.
 *
 * <p>A term is an etcd revision plus the epoch of the etcd keyspace that issued it. Revisions are
 * ordered only within one epoch: an etcd rebuilt empty counts from 1 again. So:
 * <ul>
 *   <li>same epoch, or either epoch unknown (a checkpoint written before epochs, a leader without
 *       etcd): the revisions decide, as they always did; a lower one is {@link Verdict#REFUSE_OLDER}.</li>
 *   <li>an epoch the checkpoint has not seen: a new etcd; its leader {@link Verdict#TAKE_OVER takes
 *       over} whatever the revisions, and the stored epoch is retired.</li>
 *   <li>a retired epoch: a leader of a replaced etcd (paused through the rebuild, or an old cluster
 *       left running): {@link Verdict#REFUSE_RETIRED}, so the checkpoint never flips back.</li>
 * </ul>
 * A save without a term ({@link CheckpointStore#NO_TERM}) writes only where no term is stored.
 */
public final class CheckpointTermRule {
    /** How many replaced epochs a checkpoint remembers: one per etcd rebuild, the oldest forgotten first. */
    static final int RETIRED_KEPT = 16;

    private CheckpointTermRule() {
    }

    /** What a write may do. */
    public enum Verdict {
        /** The stored term is not later in the same epoch (or no term is stored): write. */
        WRITE,
        /** The term comes from an etcd the checkpoint has not seen: write, and retire the stored epoch. */
        TAKE_OVER,
        /** A later term of the same epoch holds the checkpoint (any term, for a save without one). */
        REFUSE_OLDER,
        /** The term comes from an etcd that a later one replaced. */
        REFUSE_RETIRED;

        public boolean writes() {
            return this == WRITE || this == TAKE_OVER;
        }
    }

    /**
     * The fencing fields of a checkpoint document.
     *
     * @param term    the stored term's revision, {@link CheckpointStore#NO_TERM} when none
     * @param epoch   the stored term's epoch, empty when unknown (written before epochs, or without etcd)
     * @param retired epochs of replaced etcds, oldest first
     */
    public record Stored(long term, String epoch, List<String> retired) {
        public static final Stored NONE = new Stored(CheckpointStore.NO_TERM, "", List.of());

        public Stored {
            Objects.requireNonNull(epoch, "epoch");
            retired = List.copyOf(retired);
        }
    }

    public static Verdict judge(Stored stored, String epoch, long term) {
        Objects.requireNonNull(epoch, "epoch");
        if (term == CheckpointStore.NO_TERM) {
            return stored.term() > CheckpointStore.NO_TERM ? Verdict.REFUSE_OLDER : Verdict.WRITE;
        }
        if (!epoch.isEmpty() && stored.retired().contains(epoch)) {
            return Verdict.REFUSE_RETIRED;
        }
        if (epoch.isEmpty() || stored.epoch().isEmpty() || epoch.equals(stored.epoch())) {
            return stored.term() > term ? Verdict.REFUSE_OLDER : Verdict.WRITE;
        }
        return Verdict.TAKE_OVER;
    }

    /** The retired epochs to store with a write of {@code verdict}: the stored epoch joins them on a take-over. */
    public static List<String> retiredAfter(Stored stored, Verdict verdict) {
        if (verdict != Verdict.TAKE_OVER) {
            return stored.retired();
        }
        List<String> retired = new ArrayList<>(stored.retired());
        retired.add(stored.epoch());
        return List.copyOf(retired.subList(Math.max(0, retired.size() - RETIRED_KEPT), retired.size()));
    }
}
