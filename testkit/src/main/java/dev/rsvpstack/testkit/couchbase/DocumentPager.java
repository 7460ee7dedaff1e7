package dev.rsvpstack.testkit.couchbase;

import com.couchbase.mock.Bucket;
import com.couchbase.mock.memcached.Item;
import com.couchbase.mock.memcached.KeySpec;
import com.couchbase.mock.memcached.MemcachedServer;
import com.couchbase.mock.memcached.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What keeps an embedded CouchbaseMock usable when left running: CouchbaseMock removes an expired
 * document only when something reads it, and its views map every document it holds on every query,
 * expired ones included. Real Couchbase has an expiry pager; this is the mock's. Every interval it
 * removes the documents whose expiry passed and, above {@code maxDocuments}, the least recently
 * written ones (as an ephemeral bucket evicts when full), so memory and view cost stay bounded.
 */
final class DocumentPager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentPager.class);

    private final Bucket bucket;
    private final int maxDocuments;
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "couchbase-mock-pager");
        t.setDaemon(true);
        return t;
    });
    private boolean warned;

    DocumentPager(Bucket bucket, Duration interval, int maxDocuments) {
        if (maxDocuments < 1) {
            throw new IllegalArgumentException("maxDocuments must be positive, was " + maxDocuments);
        }
        this.bucket = bucket;
        this.maxDocuments = maxDocuments;
        thread.scheduleWithFixedDelay(this::page, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass; runs on the pager's thread (the mock's stores are concurrent maps). */
    void page() {
        try {
            long now = System.currentTimeMillis();
            List<Item> live = new ArrayList<>();
            List<KeySpec> gone = new ArrayList<>();
            for (Item item : bucket.getMasterItems(Storage.StorageType.CACHE)) {
                if (item.getExpiryTime() != 0 && item.getExpiryTimeInMillis() <= now) {
                    gone.add(item.getKeySpec());
                } else {
                    live.add(item);
                }
            }
            gone.forEach(key -> remove(key));
            expired.addAndGet(gone.size());
            int excess = live.size() - maxDocuments;
            if (excess > 0) {
                // write order: modification time, then the CAS counter, which grows with every write
                live.sort(Comparator.comparingLong(Item::getModificationTime).thenComparingLong(Item::getCasReal));
                live.subList(0, excess).forEach(item -> remove(item.getKeySpec()));
                evicted.addAndGet(excess);
                if (!warned) {
                    warned = true;
                    LOG.warn("CouchbaseMock holds more than {} documents: evicting the least recently written "
                            + "(counted; logged once)", maxDocuments);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the mock's document pager failed a pass: {}", e.toString());
        }
    }

    private void remove(KeySpec key) {
        MemcachedServer server = bucket.getServers()[0];
        server.getStorage().getCache(server, key.vbId).delete(key, 0, false);
    }

    long expired() {
        return expired.get();
    }

    long evicted() {
        return evicted.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
