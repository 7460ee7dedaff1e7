package dev.rsvpstack.session.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.KeyPlacement;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.CachedData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in memcached through xmemcached, keys spread over the nodes by consistent hashing: npm
 * {@code memcached}'s ring by default ({@link NpmHashRingLocator}), xmemcached's Ketama on request.
 * Records are encrypted at rest as connect-memcached does when a record secret is set.
 * One connection per node, so that a request's write and the same client's next read go through one
 * TCP stream in order. All operations are non-blocking ({@link AsyncMemcached}).
 */
public final class XMemcachedSessionStore implements MemcachedSessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(XMemcachedSessionStore.class);
    /** memcached reads an expiry beyond 30 days as a Unix time, not as seconds from now. */
    private static final long MAX_RELATIVE_EXPIRY = 60L * 60 * 24 * 30;
    private static final int CAS_ATTEMPTS = 10;

    private final MemcachedSettings settings;
    private final SessionCodec codec;
    private final XMemcachedClient client;
    private final AsyncMemcached memcached;
    private final RawJsonTranscoder transcoder;
    private final NpmHashRingLocator npmLocator;
    private final KrupteinCipher cipher;
    private final HeirBackup heirs;
    private final LongAdder malformed = new LongAdder();
    private final ThrottledLog malformedLog = new ThrottledLog(LOG, 10_000);
    // writes not yet answered, per id: this instance's next load of the id waits for them (read your writes)
    private final ConcurrentHashMap<String, CompletableFuture<?>> inFlight = new ConcurrentHashMap<>();
    private List<InetSocketAddress> nodes;

    public XMemcachedSessionStore(MemcachedSettings settings, ObjectMapper mapper) {
        this.settings = settings;
        this.codec = new SessionCodec(mapper);
        this.nodes = settings.nodes();
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(isolated(settings.nodes()));
        this.npmLocator = settings.placement() == KeyPlacement.NPM_MEMCACHED ? new NpmHashRingLocator(nodes) : null;
        builder.setSessionLocator(npmLocator != null ? npmLocator : new KetamaMemcachedSessionLocator());
        this.cipher = settings.recordSecret().map(KrupteinCipher::new).orElse(null);
        this.transcoder = new RawJsonTranscoder(cipher == null ? RawJsonTranscoder.FLAG_JSON : RawJsonTranscoder.FLAG_STRING);
        builder.setConnectionPoolSize(1);
        builder.setConnectTimeout(settings.connectTimeout().toMillis());
        builder.setOpTimeout(settings.operationTimeout().toMillis());
        builder.setFailureMode(false);
        builder.setEnableHealSession(true);
        builder.setHealSessionInterval(1000);
        builder.setTranscoder(transcoder);
        builder.setName("session-lib");
        builder.setSanitizeKeys(false);
        try {
            // connects in the background: nodes that are down now are retried every second
            this.client = (XMemcachedClient) builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the memcached client for " + settings.nodes(), e);
        }
        this.memcached = new AsyncMemcached(client, settings.operationTimeout());
        this.heirs = npmLocator == null || !settings.heirBackup() ? null
                : new HeirBackup(npmLocator::placement, new Connections(), this::copyExpiry);
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> load(String id) {
        CompletableFuture<?> pending = inFlight.get(id);
        if (pending != null) {
            return pending.handle((stored, failure) -> null).thenCompose(ignored -> loadNow(id));
        }
        return loadNow(id);
    }

    private CompletableFuture<Optional<SessionRecord>> loadNow(String id) {
        String key = key(id);
        // where the get goes now, not when it fails: a timed-out get makes xmemcached drop the connection, and
        // the key's heir is then where it routes the key, though this get did not go there
        String routed = heirs == null ? null : routed(key);
        CompletableFuture<byte[]> stored = memcached.get(key, transcoder);
        if (heirs != null) {
            // the key's node failed or timed out: its heir; a key that moved to a new node: its previous owner
            stored = stored.handle((bytes, failure) -> bytes != null ? CompletableFuture.completedFuture(bytes)
                    : heirs.afterRead(key, routed, null, failure)).thenCompose(read -> read);
        }
        if (cipher != null) {
            // a record Node wrote has a salt of its own: deriving its key (PBKDF2, tens of ms) must not
            // hold up xmemcached's reactor thread, which serves every other request's memcached replies
            return stored.thenApplyAsync(bytes -> bytes == null ? Optional.empty() : decode(id, bytes));
        }
        return stored.thenApply(bytes -> bytes == null ? Optional.empty() : decode(id, bytes));
    }

    @Override
    public CompletionStage<Boolean> save(SessionRecord record, SessionChanges changes, Duration ttl) {
        String key = key(record.id());
        String routed = heirs == null ? null : routed(key);
        int expiry = expiry(ttl);
        CompletableFuture<byte[]> written = write(record, changes, expiry);
        CompletableFuture<Boolean> write = written.thenApply(bytes -> bytes != null);
        // the copy on the heir goes out once the key's node stored the record; nobody waits for it but this
        // instance's next load or delete of the id (so a delete cannot overtake the copy and leave it behind)
        CompletableFuture<?> settled = heirs == null ? write : written.thenCompose(bytes -> bytes == null
                ? CompletableFuture.completedFuture(null) : heirs.afterWrite(key, routed, expiry, bytes));
        if (!settled.isDone()) {
            // every unanswered write of the id, not just the last: requests of one session may overlap
            CompletableFuture<?> all = inFlight.compute(record.id(),
                    (id, earlier) -> earlier == null || earlier.isDone() ? settled : CompletableFuture.allOf(earlier, settled));
            all.whenComplete((stored, failure) -> inFlight.remove(record.id(), all));
        }
        return write;
    }

    /** The bytes stored, or {@code null} when nothing was (a merge onto a session that is gone). */
    private CompletableFuture<byte[]> write(SessionRecord record, SessionChanges changes, int expiry) {
        if (changes.wholeRecord()) {
            byte[] bytes = encode(record);
            if (bytes.length > settings.maxItemBytes()) {
                return tooLarge(record, bytes.length);
            }
            return memcached.set(key(record.id()), expiry, bytes, transcoder).thenApply(stored -> stored ? bytes : null);
        }
        return merge(record, changes, expiry, 1);
    }

    /** gets, merge, cas; again if another instance wrote in between (see {@link MergeRule}). */
    private CompletableFuture<byte[]> merge(SessionRecord record, SessionChanges changes, int expiry, int attempt) {
        String key = key(record.id());
        CompletableFuture<CachedData> read = memcached.gets(key, transcoder);
        // decrypting may derive a key (see load): off the reactor thread when records are encrypted
        return (cipher == null ? read : read.thenApplyAsync(stored -> stored)).thenCompose(stored -> {
            if (stored == null) {
                return CompletableFuture.<byte[]>completedFuture(null); // destroyed or expired: stays gone
            }
            SessionRecord base = decode(record.id(), stored.getData()).orElse(null);
            SessionRecord merged = base == null ? record : MergeRule.merge(base, record, changes);
            byte[] bytes = encode(merged);
            if (bytes.length > settings.maxItemBytes()) {
                return tooLarge(record, bytes.length);
            }
            return memcached.cas(key, expiry, bytes, stored.getCas(), transcoder).thenCompose(stored1 -> {
                if (stored1 || attempt >= CAS_ATTEMPTS) {
                    return CompletableFuture.completedFuture(stored1 ? bytes : null);
                }
                return merge(record, changes, expiry, attempt + 1);
            });
        });
    }

    @Override
    public CompletionStage<Boolean> touch(String id, Duration ttl) {
        String key = key(id);
        String routed = heirs == null ? null : routed(key);
        int expiry = expiry(ttl);
        CompletableFuture<Boolean> touched = memcached.touch(key, expiry);
        if (heirs != null) {
            heirs.afterTouch(key, routed, expiry); // both copies expire together; counted, not awaited
        }
        return touched;
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        CompletableFuture<?> pending = inFlight.get(id);
        if (pending != null) {
            // after this instance's unanswered writes of the id and their copies, or a copy could outlive it
            return pending.handle((stored, failure) -> null).thenCompose(ignored -> deleteNow(id));
        }
        return deleteNow(id);
    }

    private CompletableFuture<Void> deleteNow(String id) {
        String key = key(id);
        String routed = heirs == null ? null : routed(key);
        CompletableFuture<Boolean> deleted = memcached.delete(key);
        if (heirs == null) {
            return deleted.thenApply(done -> null);
        }
        return CompletableFuture.allOf(deleted, heirs.delete(key, routed));
    }

    /** Reads sent to a key's heir or previous owner; 0 with the heir backup off. */
    public long heirReads() {
        return heirs == null ? 0 : heirs.reads();
    }

    /** Copies, refreshes and deletes sent to heirs (and read-through copies to a new owner). */
    public long heirWrites() {
        return heirs == null ? 0 : heirs.writes();
    }

    /** Heir operations that failed, timed out or found no connection. */
    public long heirFailures() {
        return heirs == null ? 0 : heirs.failures();
    }

    @Override
    public long malformedRecords() {
        return malformed.sum();
    }

    @Override
    public synchronized void replaceNodes(List<InetSocketAddress> replacement) {
        if (replacement == null || replacement.isEmpty()) {
            throw new IllegalArgumentException("memcached needs at least one node");
        }
        Set<InetSocketAddress> wanted = new LinkedHashSet<>(replacement);
        List<InetSocketAddress> removed = new ArrayList<>(nodes);
        removed.removeAll(wanted);
        List<InetSocketAddress> added = new ArrayList<>(wanted);
        added.removeAll(nodes);
        if (npmLocator != null) {
            // the ring first: keys of a removed node go to their new node from now on, as on the Node side
            npmLocator.configure(List.copyOf(wanted));
        }
        for (InetSocketAddress node : added) {
            try {
                client.addServer(isolated(node));
            } catch (IOException e) {
                // xmemcached keeps retrying a node it could not reach; say so and go on
                LOG.warn("memcached node {} added but not reachable yet: {}", node, e.toString());
            }
        }
        for (InetSocketAddress node : removed) {
            client.removeServer(node);
        }
        nodes = List.copyOf(wanted);
        LOG.info("memcached nodes for sessions now {} (added {}, removed {})", nodes, added, removed);
    }

    @Override
    public synchronized List<InetSocketAddress> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        try {
            client.shutdown();
        } catch (IOException e) {
            LOG.debug("closing the memcached client: {}", e.toString());
        }
    }

    private byte[] encode(SessionRecord record) {
        byte[] json = codec.encode(record);
        return cipher == null ? json : cipher.encrypt(json);
    }

    /**
     * Copies for xmemcached that share nothing with the caller's addresses: xmemcached asks an address
     * for its host name, and for one made from an IP literal that is a reverse lookup that the shared
     * {@link InetAddress} then remembers, so the caller's {@code 127.0.0.1} would read {@code localhost}
     * ever after, and the ring's names must not change under the caller (or another store) like that.
     * This is the one place the renaming is handled: {@code NodeAddressesIT} fails without these
     * copies, and {@link NpmHashRingLocator} relies on them to name each connection as configured.
     */
    static InetSocketAddress isolated(InetSocketAddress node) {
        if (node.isUnresolved()) {
            return node; // a name only: nothing to look up
        }
        try {
            String host = MemcachedSettings.serverString(node);
            host = host.substring(0, host.lastIndexOf(':'));
            host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return new InetSocketAddress(InetAddress.getByAddress(host, node.getAddress().getAddress()), node.getPort());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + node.getAddress().getAddress().length + " bytes", e);
        }
    }

    private static List<InetSocketAddress> isolated(List<InetSocketAddress> nodes) {
        return nodes.stream().map(XMemcachedSessionStore::isolated).toList();
    }

    private Optional<SessionRecord> decode(String id, byte[] stored) {
        byte[] bytes = stored;
        if (cipher != null) {
            try {
                bytes = cipher.decrypt(stored);
            } catch (UndecryptableRecordException e) {
                malformed.increment();
                malformedLog.warn("a stored session could not be decrypted with the record secret and was treated "
                        + "as missing", "key " + key(id) + ": " + e.getMessage(), null);
                return Optional.empty();
            }
        } else if (KrupteinCipher.looksEncrypted(stored)) {
            malformed.increment();
            malformedLog.warn("a stored session is encrypted (connect-memcached's secret option) and no record secret "
                    + "is configured; it was treated as missing", "key " + key(id)
                    + ": set MemcachedSettings.recordSecret to connect-memcached's secret to read it", null);
            return Optional.empty();
        }
        Optional<SessionRecord> record = codec.decode(id, bytes);
        if (record.isEmpty()) {
            malformed.increment();
            malformedLog.warn("a stored session is not a session record and was treated as missing",
                    "key " + key(id) + ", " + bytes.length + " bytes starting " + preview(bytes), null);
        }
        return record;
    }

    /** The ring name of the node a key's operation goes to now; {@code null} with the Ketama placement. */
    private String routed(String key) {
        return npmLocator == null ? null : npmLocator.routed(key);
    }

    /**
     * The expiry of a record a read-through copies to its new owner: until its cookie expires, else a day
     * (connect-memcached's and {@code storeTtl}'s default). memcached does not say how long an item has left.
     */
    private int copyExpiry(byte[] stored) {
        try {
            byte[] json = cipher == null ? stored : cipher.decrypt(stored);
            Optional<SessionRecord> record = codec.decode("copy", json);
            Instant expires = record.map(r -> r.cookie().expires()).orElse(null);
            if (expires != null) {
                return expiry(Duration.between(Instant.now(), expires));
            }
        } catch (RuntimeException e) { // UndecryptableRecordException too
            // the load decodes it again and counts it if it is not a record
        }
        return expiry(Duration.ofDays(1));
    }

    /** {@link NodeOps} on the connections xmemcached keeps, found by ring name. */
    private final class Connections implements NodeOps {
        @Override
        public boolean connected(String server) {
            return npmLocator.connection(server) != null;
        }

        @Override
        public CompletableFuture<byte[]> get(String server, String key) {
            return on(server, node -> memcached.get(node, key, transcoder));
        }

        @Override
        public CompletableFuture<Boolean> set(String server, String key, int exptime, byte[] value) {
            return on(server, node -> memcached.set(node, key, exptime, value, transcoder));
        }

        @Override
        public CompletableFuture<Boolean> add(String server, String key, int exptime, byte[] value) {
            return on(server, node -> memcached.add(node, key, exptime, value, transcoder));
        }

        @Override
        public CompletableFuture<Boolean> touch(String server, String key, int exptime) {
            return on(server, node -> memcached.touch(node, key, exptime));
        }

        @Override
        public CompletableFuture<Boolean> delete(String server, String key) {
            return on(server, node -> memcached.delete(node, key));
        }

        private <T> CompletableFuture<T> on(String server,
                java.util.function.Function<com.google.code.yanf4j.core.Session, CompletableFuture<T>> operation) {
            com.google.code.yanf4j.core.Session connection = npmLocator.connection(server);
            if (connection == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no connection to memcached node "
                        + server));
            }
            return operation.apply(connection);
        }
    }

    private <T> CompletableFuture<T> tooLarge(SessionRecord record, int size) {
        return CompletableFuture.failedFuture(new ItemTooLargeException("session " + abbreviate(record.id()) + " is "
                + size + " bytes as JSON, over memcached's item limit of " + settings.maxItemBytes()
                + " bytes; its changes were not stored"));
    }

    private String key(String id) {
        return settings.keyPrefix() + id;
    }

    static int expiry(Duration ttl) {
        long seconds = Math.max(1, ttl.toSeconds());
        if (seconds > MAX_RELATIVE_EXPIRY) {
            return (int) Math.min(Integer.MAX_VALUE, System.currentTimeMillis() / 1000 + seconds);
        }
        return (int) seconds;
    }

    static String abbreviate(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8) + "…";
    }

    private static String preview(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 24), java.nio.charset.StandardCharsets.UTF_8);
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
