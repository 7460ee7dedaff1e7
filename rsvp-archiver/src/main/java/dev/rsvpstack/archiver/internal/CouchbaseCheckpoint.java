package dev.rsvpstack.archiver.internal;

import com.couchbase.client.core.error.CasMismatchException;
import com.couchbase.client.core.error.DocumentExistsException;
import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.GetOptions;
import com.couchbase.client.java.kv.GetResult;
import com.couchbase.client.java.kv.InsertOptions;
import com.couchbase.client.java.kv.ReplaceOptions;
import dev.rsvpstack.archiver.CheckpointStore;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resume point as document {@value #KEY} beside the RSVPs it describes. If Couchbase is replaced
 * by an empty one, the checkpoint goes with the old data; the archiver then falls back on its
 * {@link LocalCheckpoint}.
 *
 * <p>Fenced writes: the document also holds the leadership {@code term} that last claimed or saved it
 * (none, read as {@link CheckpointStore#NO_TERM}, until an elected leader writes it). {@link #claim} and
 * {@link #save(long, long)} read the document, refuse when it carries a later term, and write with the
 * CAS value of that read (Couchbase's compare-and-swap), so nothing can slip in between the check and
 * the write; a CAS conflict is read again and retried. There is no other write: a save without a term
 * is refused once any term holds the document, so the stored term never goes down or away.
 */
public final class CouchbaseCheckpoint implements CheckpointStore {
    public static final String KEY = "archiver::checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(CouchbaseCheckpoint.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Collection collection;
    private static final int CAS_ATTEMPTS = 5;
    private volatile boolean failing;
    private long lastRefusedFor;

    public CouchbaseCheckpoint(Collection collection) {
        this.collection = collection;
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
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            try {
                GetResult current = read();
                if (current == null) {
                    collection.insert(KEY, JsonObject.create().put("term", term), InsertOptions.insertOptions()
                            .timeout(TIMEOUT));
                    failing = false;
                    return OptionalLong.empty();
                }
                JsonObject doc = current.contentAsObject();
                long stored = termOf(doc);
                if (stored > term) {
                    LOG.warn("checkpoint {} is claimed by term {}, later than this leader's {}: not claiming it", KEY,
                            stored, term);
                    return OptionalLong.empty();
                }
                collection.replace(KEY, doc.put("term", term), ReplaceOptions.replaceOptions().cas(current.cas())
                        .timeout(TIMEOUT));
                failing = false;
                Number mtime = doc.getNumber("mtime");
                LOG.info("checkpoint {} claimed for term {} (was term {})", KEY, term, stored);
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
        if (term < NO_TERM) {
            throw new IllegalArgumentException("a term is not negative, was " + term);
        }
        // Without a term the document stays as an unelected archiver always wrote it: the mtime alone.
        JsonObject next = term == NO_TERM ? JsonObject.create().put("mtime", mtime)
                : JsonObject.create().put("mtime", mtime).put("term", term);
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            try {
                GetResult current = read();
                if (current == null) {
                    collection.insert(KEY, next, InsertOptions.insertOptions().timeout(TIMEOUT));
                } else {
                    long stored = termOf(current.contentAsObject());
                    if (stored > term) {
                        refused(stored, term, mtime);
                        return Saved.REFUSED;
                    }
                    collection.replace(KEY, next, ReplaceOptions.replaceOptions().cas(current.cas()).timeout(TIMEOUT));
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

    private static long termOf(JsonObject doc) {
        Number term = doc.getNumber("term");
        return term == null ? 0 : term.longValue();
    }

    /** Logged once per later term: a stale leader saves every second until its close, an unelected archiver until its. */
    private synchronized void refused(long stored, long term, long mtime) {
        if (stored != lastRefusedFor) {
            lastRefusedFor = stored;
            if (term == NO_TERM) {
                LOG.warn("checkpoint {} not saved: the elected leader of term {} holds it and this archiver runs"
                        + " without a leader election (its point {} is not written, the term is kept)", KEY, stored,
                        mtime);
            } else {
                LOG.warn("checkpoint {} not saved: term {} holds it and this leader's term {} is older (a stale"
                        + " leader; its point {} is not written)", KEY, stored, term, mtime);
            }
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
