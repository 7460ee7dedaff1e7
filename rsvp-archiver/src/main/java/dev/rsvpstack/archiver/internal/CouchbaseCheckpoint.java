package dev.rsvpstack.archiver.internal;

import com.couchbase.client.core.error.CasMismatchException;
import com.couchbase.client.core.error.DocumentExistsException;
import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonArray;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.GetOptions;
import com.couchbase.client.java.kv.GetResult;
import com.couchbase.client.java.kv.InsertOptions;
import com.couchbase.client.java.kv.ReplaceOptions;
import dev.rsvpstack.archiver.CheckpointStore;
import dev.rsvpstack.archiver.internal.CheckpointTermRule.Stored;
import dev.rsvpstack.archiver.internal.CheckpointTermRule.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resume point as document {@value #KEY} beside the RSVPs it describes. If Couchbase is replaced
 * by an empty one, the checkpoint goes with the old data; the archiver then falls back on its
 * {@link LocalCheckpoint}.
 *
 * <p>Fenced writes: the document also holds the leadership {@code term} that last claimed or saved it
 * (none, read as {@link CheckpointStore#NO_TERM}, until an elected leader writes it), the {@code epoch}
 * of the etcd that issued it (absent when unknown) and the {@code retired} epochs of etcds that were
 * replaced. {@link #claim} and {@link #save} read the document, ask {@link CheckpointTermRule} whether
 * the term may write, and write with the CAS value of that read (Couchbase's compare-and-swap), so
 * nothing can slip in between the check and the write; a CAS conflict is read again and retried. There
 * is no other write: a save without a term is refused once any term holds the document, so the stored
 * term never goes down or away except to a term of a new etcd, whose take-over is logged and counted
 * ({@value #TAKEOVERS}).
 */
public final class CouchbaseCheckpoint implements CheckpointStore {
    public static final String KEY = "archiver::checkpoint";
    /** Counts claims and saves that took the checkpoint over from a term of a replaced etcd. */
    public static final String TAKEOVERS = "archiver.checkpoint.etcd.takeovers";
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseCheckpoint.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int CAS_ATTEMPTS = 5;

    private final Collection collection;
    private final Counter takeovers;
    private volatile boolean failing;
    private long lastRefusedFor;

    /** A checkpoint whose take-over count is kept but not exported (tests, tools). */
    public CouchbaseCheckpoint(Collection collection) {
        this(collection, new SimpleMeterRegistry());
    }

    public CouchbaseCheckpoint(Collection collection, MeterRegistry registry) {
        this.collection = Objects.requireNonNull(collection, "collection");
        this.takeovers = Counter.builder(TAKEOVERS)
                .description("checkpoint claims or saves that took over from a term of a replaced (rebuilt) etcd")
                .register(registry);
    }

    /** How many take-overs this process counted, on the registry it was given. */
    public long takeovers() {
        return (long) takeovers.count();
    }

    @Override
    public OptionalLong load() {
        try {
            Number mtime = collection.get(KEY, GetOptions.getOptions().timeout(TIMEOUT)).contentAsObject()
                    .getNumber("mtime");
            failing = false;
            return mtime == null ? OptionalLong.empty() : OptionalLong.of(mtime.longValue());
        } catch (DocumentNotFoundException e) {
            failing = false;
            return OptionalLong.empty();
        } catch (RuntimeException e) {
            failed("read", e);
            return OptionalLong.empty();
        }
    }

    @Override
    public OptionalLong claim(long term) {
        return claim(UNKNOWN_EPOCH, term);
    }

    @Override
    public OptionalLong claim(String epoch, long term) {
        Objects.requireNonNull(epoch, "epoch");
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            try {
                GetResult current = read();
                if (current == null) {
                    collection.insert(KEY, fenced(JsonObject.create(), epoch, term, List.of()),
                            InsertOptions.insertOptions().timeout(TIMEOUT));
                    failing = false;
                    return OptionalLong.empty();
                }
                JsonObject doc = current.contentAsObject();
                Stored stored = storedIn(doc);
                Verdict verdict = CheckpointTermRule.judge(stored, epoch, term);
                if (!verdict.writes()) {
                    if (verdict == Verdict.REFUSE_RETIRED) {
                        LOG.warn("checkpoint {} is claimed by term {} of etcd epoch {}, which replaced this leader's"
                                + " etcd (epoch {}, term {}): not claiming it", KEY, stored.term(), stored.epoch(),
                                epoch, term);
                    } else {
                        LOG.warn("checkpoint {} is claimed by term {}, later than this leader's {}: not claiming it",
                                KEY, stored.term(), term);
                    }
                    return OptionalLong.empty();
                }
                Number mtime = doc.getNumber("mtime");
                collection.replace(KEY, fenced(doc, epoch, term, CheckpointTermRule.retiredAfter(stored, verdict)),
                        ReplaceOptions.replaceOptions().cas(current.cas()).timeout(TIMEOUT));
                failing = false;
                wrote(verdict, stored, epoch, term);
                LOG.info("checkpoint {} claimed for term {}{} (was term {})", KEY, term, ofEpoch(epoch), stored.term());
                return mtime == null ? OptionalLong.empty() : OptionalLong.of(mtime.longValue());
            } catch (CasMismatchException | DocumentExistsException e) {
                LOG.debug("checkpoint {} changed while claiming it; reading it again", KEY);
            } catch (RuntimeException e) {
                failed("claim", e);
                return load();
            }
        }
        LOG.warn("checkpoint {} kept changing while term {} claimed it; reading it without a claim", KEY, term);
        return load();
    }

    @Override
    public Saved save(long mtime, long term) {
        return save(mtime, UNKNOWN_EPOCH, term);
    }

    @Override
    public Saved save(long mtime, String epoch, long term) {
        Objects.requireNonNull(epoch, "epoch");
        if (term < NO_TERM) {
            throw new IllegalArgumentException("a term is not negative, was " + term);
        }
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            try {
                GetResult current = read();
                // Without a term the document stays as an unelected archiver always wrote it: the mtime alone.
                JsonObject next = JsonObject.create().put("mtime", mtime);
                if (current == null) {
                    collection.insert(KEY, term == NO_TERM ? next : fenced(next, epoch, term, List.of()),
                            InsertOptions.insertOptions().timeout(TIMEOUT));
                } else {
                    Stored stored = storedIn(current.contentAsObject());
                    Verdict verdict = CheckpointTermRule.judge(stored, epoch, term);
                    if (!verdict.writes()) {
                        refused(stored, verdict, epoch, term, mtime);
                        return Saved.REFUSED;
                    }
                    if (term != NO_TERM) {
                        fenced(next, epoch, term, CheckpointTermRule.retiredAfter(stored, verdict));
                    }
                    collection.replace(KEY, next, ReplaceOptions.replaceOptions().cas(current.cas()).timeout(TIMEOUT));
                    wrote(verdict, stored, epoch, term);
                }
                failing = false;
                return Saved.WRITTEN;
            } catch (CasMismatchException | DocumentExistsException e) {
                LOG.debug("checkpoint {} changed while saving it; reading it again", KEY);
            } catch (RuntimeException e) {
                failed("save", e);
                return Saved.FAILED;
            }
        }
        LOG.warn("checkpoint {} kept changing while term {} saved it; the next save tries again", KEY, term);
        return Saved.FAILED;
    }

    private GetResult read() {
        try {
            return collection.get(KEY, GetOptions.getOptions().timeout(TIMEOUT));
        } catch (DocumentNotFoundException e) {
            return null;
        }
    }

    private static Stored storedIn(JsonObject doc) {
        Number term = doc.getNumber("term");
        String epoch = doc.getString("epoch");
        JsonArray retired = doc.getArray("retired");
        List<String> retiredEpochs = new ArrayList<>();
        if (retired != null) {
            for (int i = 0; i < retired.size(); i++) {
                retiredEpochs.add(String.valueOf(retired.get(i)));
            }
        }
        return new Stored(term == null ? NO_TERM : term.longValue(), epoch == null ? UNKNOWN_EPOCH : epoch,
                retiredEpochs);
    }

    /** Stamps {@code doc} with the term; an unknown epoch is left out, as documents before epochs had none. */
    private static JsonObject fenced(JsonObject doc, String epoch, long term, List<String> retired) {
        doc.put("term", term);
        if (epoch.isEmpty()) {
            doc.removeKey("epoch"); // the stored term is this one now, and its epoch is unknown
        } else {
            doc.put("epoch", epoch);
        }
        if (retired.isEmpty()) {
            doc.removeKey("retired");
        } else {
            doc.put("retired", JsonArray.from(new ArrayList<Object>(retired)));
        }
        return doc;
    }

    /** A take-over happens once per replaced etcd: the next write of the new etcd's terms is an ordinary one. */
    private void wrote(Verdict verdict, Stored stored, String epoch, long term) {
        if (verdict == Verdict.TAKE_OVER) {
            takeovers.increment();
            LOG.warn("etcd was replaced: the checkpoint {}'s term {} came from etcd epoch {}, this leader's term {}"
                    + " from etcd epoch {}; taking the checkpoint over (writes of epoch {} are refused from now on)",
                    KEY, stored.term(), stored.epoch(), term, epoch, stored.epoch());
        }
    }

    private static String ofEpoch(String epoch) {
        return epoch.isEmpty() ? "" : " (etcd epoch " + epoch + ")";
    }

    /** Logged once per stored term: a stale leader saves every second until its close, an unelected archiver until its. */
    private synchronized void refused(Stored stored, Verdict verdict, String epoch, long term, long mtime) {
        if (stored.term() == lastRefusedFor) {
            return;
        }
        lastRefusedFor = stored.term();
        if (term == NO_TERM) {
            LOG.warn("checkpoint {} not saved: the elected leader of term {} holds it and this archiver runs"
                    + " without a leader election (its point {} is not written, the term is kept)", KEY,
                    stored.term(), mtime);
        } else if (verdict == Verdict.REFUSE_RETIRED) {
            LOG.warn("checkpoint {} not saved: this leader's term {} comes from etcd epoch {}, which was replaced by"
                    + " etcd epoch {} (term {} holds the checkpoint); a leader of the old etcd, its point {} is not"
                    + " written", KEY, term, epoch, stored.epoch(), stored.term(), mtime);
        } else {
            LOG.warn("checkpoint {} not saved: term {}{} holds it and this leader's term {} is older (a stale"
                    + " leader; its point {} is not written)", KEY, stored.term(), ofEpoch(stored.epoch()), term,
                    mtime);
        }
    }

    /** Logged once until a read or save succeeds again: a standby reads this every second while Couchbase is away. */
    private synchronized void failed(String what, RuntimeException e) {
        if (!failing) {
            LOG.warn("cannot {} the checkpoint {}: {}", what, KEY, e.toString());
            failing = true;
        }
    }
}
