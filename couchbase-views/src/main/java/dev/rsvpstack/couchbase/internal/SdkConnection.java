package dev.rsvpstack.couchbase.internal;

import com.couchbase.client.core.error.DesignDocumentNotFoundException;
import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.manager.bucket.GetBucketOptions;
import com.couchbase.client.java.manager.view.View;
import com.couchbase.client.java.view.DesignDocumentNamespace;
import com.couchbase.client.java.view.ViewResult;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rsvpstack.couchbase.CouchbaseConnectException;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.CouchbaseViewException;
import dev.rsvpstack.couchbase.DesignDocument;
import dev.rsvpstack.couchbase.ViewDefinition;
import dev.rsvpstack.couchbase.ViewHealth;
import dev.rsvpstack.couchbase.ViewQuery;
import dev.rsvpstack.couchbase.ViewRow;
import dev.rsvpstack.couchbase.ViewsUnsupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SDK connection to one bucket, at fixed nodes. {@link #close()} retires it: new queries are refused
 * ({@link Retired}, which a supervised connection answers by taking the new connection) and the SDK
 * disconnects once the queries in flight are done.
 */
public final class SdkConnection implements CouchbaseConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SdkConnection.class);
    /** The SDK's blocking calls were seen to wait for ever on a disconnected cluster: every wait is bounded. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final CouchbaseSettings settings;
    private final Cluster cluster;
    private final Bucket bucket;
    private final HealthTracker health = new HealthTracker(Clock.systemUTC());
    private final Object lock = new Object();
    private int inFlight;
    private boolean retired;
    private boolean disconnected;

    private SdkConnection(CouchbaseSettings settings, Cluster cluster, Bucket bucket) {
        this.settings = settings;
        this.cluster = cluster;
        this.bucket = bucket;
    }

    /** The one connect sequence: connect, wait until ready, ensure the design documents; nothing left open on failure. */
    public static SdkConnection open(CouchbaseSettings settings) {
        Cluster cluster = Cluster.connect(settings.connectionString(),
                ClusterOptions.clusterOptions(settings.username(), settings.password())
                        // the SDK's logging meter runs LatencyUtils pause detectors: three threads per
                        // connection waking every millisecond, 8 % of a core in an idle demo
                        .environment(env -> env.loggingMeterConfig(meter -> meter.enabled(false))));
        try {
            Bucket bucket = cluster.bucket(settings.bucket());
            try {
                bucket.waitUntilReady(settings.readyTimeout());
            } catch (RuntimeException e) {
                throw new CouchbaseConnectException("Couchbase bucket '" + settings.bucket() + "' at "
                        + settings.connectionString() + " was not ready within " + settings.readyTimeout().toSeconds()
                        + " s (user '" + settings.username() + "'): " + e.getClass().getSimpleName() + ": "
                        + firstLine(e.getMessage()), e);
            }
            SdkConnection connection = new SdkConnection(settings, cluster, bucket);
            for (DesignDocument designDocument : settings.designDocuments()) {
                try {
                    connection.ensure(designDocument);
                } catch (ViewsUnsupportedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("could not check design document '{}' in bucket '{}' now; the first query that misses "
                            + "a view will: {}", designDocument.name(), settings.bucket(), e.getMessage());
                }
            }
            LOG.info("connected to Couchbase at {}, bucket '{}'", settings.connectionString(), settings.bucket());
            return connection;
        } catch (RuntimeException e) {
            cluster.disconnect();
            throw e;
        }
    }

    @Override
    public String bucket() {
        return settings.bucket();
    }

    public CouchbaseSettings settings() {
        return settings;
    }

    @Override
    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    public void ensure(DesignDocument designDocument) {
        String what = "ensure design document '" + designDocument.name() + "'";
        try {
            Map<String, View> views = new HashMap<>();
            try {
                views.putAll(bucket.viewIndexes().getDesignDocument(designDocument.name(),
                        DesignDocumentNamespace.PRODUCTION).views());
            } catch (DesignDocumentNotFoundException e) {
                // created below
            }
            List<String> added = new ArrayList<>();
            for (ViewDefinition view : designDocument.views()) {
                if (!views.containsKey(view.name())) {
                    views.put(view.name(), view.reduce() == null ? new View(view.map()) : new View(view.map(),
                            view.reduce()));
                    added.add(view.name());
                }
            }
            if (added.isEmpty()) {
                return;
            }
            bucket.viewIndexes().upsertDesignDocument(
                    new com.couchbase.client.java.manager.view.DesignDocument(designDocument.name(), views),
                    DesignDocumentNamespace.PRODUCTION);
            LOG.info("design document '{}' in bucket '{}': added views {} (now {})", designDocument.name(),
                    settings.bucket(), added, views.keySet());
        } catch (RuntimeException e) {
            throw ViewErrors.translate(e, settings.bucket(), what, this::storageBackend);
        }
    }

    @Override
    public List<ViewRow> query(ViewQuery query) {
        acquire();
        try {
            List<ViewRow> rows = queryOnce(query);
            health.succeeded();
            return rows;
        } catch (RuntimeException e) {
            CouchbaseViewException failure = recoverMissingView(query, e);
            if (failure == null) {
                try {
                    List<ViewRow> rows = queryOnce(query);
                    health.succeeded();
                    return rows;
                } catch (RuntimeException again) {
                    failure = ViewErrors.translate(again, settings.bucket(), "query " + query.path(),
                            this::storageBackend);
                }
            }
            health.failed(failure.getMessage());
            throw failure;
        } finally {
            release();
        }
    }

    /** {@code null} when the view was missing and is now created (query again); otherwise the error to throw. */
    private CouchbaseViewException recoverMissingView(ViewQuery query, RuntimeException e) {
        CouchbaseViewException translated = ViewErrors.translate(e, settings.bucket(), "query " + query.path(),
                this::storageBackend);
        if (translated instanceof ViewsUnsupportedException || !ViewErrors.missingView(e)) {
            return translated;
        }
        Optional<DesignDocument> known = settings.designDocuments().stream()
                .filter(d -> d.name().equals(query.designDocument()) && d.view(query.view()).isPresent()).findFirst();
        if (known.isEmpty()) {
            return translated;
        }
        LOG.warn("view {} is missing in bucket '{}'; creating it", query.path(), settings.bucket());
        try {
            ensure(known.get());
            return null;
        } catch (RuntimeException again) {
            again.addSuppressed(e);
            return new CouchbaseViewException("view " + query.path() + " is missing in bucket '" + settings.bucket()
                    + "' and could not be created (" + again.getMessage() + ")", again);
        }
    }

    @SuppressWarnings("deprecation") // Couchbase deprecated views in SDK 3; they are what this project reads
    private List<ViewRow> queryOnce(ViewQuery query) {
        Duration timeout = settings.queryTimeout();
        CompletableFuture<ViewResult> pending = bucket.async().viewQuery(query.designDocument(), query.view(),
                QueryOptions.of(query, timeout));
        ViewResult result;
        try {
            result = pending.get(timeout.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new CouchbaseViewException("view " + query.path() + " in bucket '" + settings.bucket()
                    + "' did not answer within " + timeout.plus(MARGIN).toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new CouchbaseViewException("view " + query.path() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CouchbaseViewException("interrupted while querying view " + query.path(), e);
        }
        List<ViewRow> rows = new ArrayList<>(result.rows().size());
        for (com.couchbase.client.java.view.ViewRow row : result.rows()) {
            rows.add(new ViewRow(row.id().orElse(null), row.keyAs(JsonNode.class).orElse(null),
                    row.valueAs(JsonNode.class).orElse(null)));
        }
        return rows;
    }

    /** Asked only to explain a "views unsupported" answer; needs bucket_admin (units/couchbase-init.sh grants it). */
    private String storageBackend() {
        try {
            return cluster.buckets().getBucket(settings.bucket(), GetBucketOptions.getBucketOptions()
                    .timeout(Duration.ofSeconds(2))).storageBackend().alias();
        } catch (RuntimeException e) {
            LOG.debug("cannot read the storage backend of bucket '{}'", settings.bucket(), e);
            return "unknown (not readable by user '" + settings.username() + "'; Magma is Server 8.0's default)";
        }
    }

    @Override
    public ViewHealth health() {
        return health.current();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(bucket)) {
            return type.cast(bucket);
        }
        if (type.isInstance(cluster)) {
            return type.cast(cluster);
        }
        throw new IllegalArgumentException("a Couchbase connection has no " + type.getName() + " (try "
                + Bucket.class.getName() + " or " + Cluster.class.getName() + ")");
    }

    private void acquire() {
        synchronized (lock) {
            if (retired) {
                throw new Retired();
            }
            inFlight++;
        }
    }

    private void release() {
        boolean disconnect;
        synchronized (lock) {
            inFlight--;
            disconnect = retired && inFlight == 0 && !disconnected;
            disconnected |= disconnect;
        }
        if (disconnect) {
            // not on the querying thread: disconnecting takes a while and the caller has its rows already
            Thread thread = new Thread(this::disconnect, "couchbase-disconnect");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void close() {
        boolean now;
        synchronized (lock) {
            if (retired) {
                return;
            }
            retired = true;
            now = inFlight == 0;
            disconnected |= now;
        }
        if (now) {
            disconnect();
        } else {
            LOG.info("closing the connection to {} once its queries in flight are done", settings.connectionString());
        }
    }

    private void disconnect() {
        try {
            cluster.disconnect();
        } catch (RuntimeException e) {
            LOG.warn("disconnecting from {} failed", settings.connectionString(), e);
        }
        LOG.info("disconnected from Couchbase at {}", settings.connectionString());
    }

    @Override
    public String toString() {
        return "Couchbase" + settings.nodes() + "/" + settings.bucket();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** This connection was closed before the query started: take the current one and ask again. */
    public static final class Retired extends CouchbaseViewException {
        private static final long serialVersionUID = 1L;

        Retired() {
            super("the Couchbase connection was closed", null);
        }
    }
}
