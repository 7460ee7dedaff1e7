package dev.rsvpstack.archiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseConnection;
import dev.rsvpstack.archiver.internal.StatusServer;
import dev.rsvpstack.discovery.ComponentSupervisor;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.RestartRequestListener;
import dev.rsvpstack.discovery.Subscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archiver as a service: finds Couchbase through discovery (a moved Couchbase is reconnected in
 * process, or reported for a restart under the {@code exit} policy), runs the archiver only while
 * it leads the {@code archiver} election (a second instance is a hot standby: Meetup blacklisted a
 * second connection), and serves {@code /healthz} and {@code /metrics}.
 */
public final class ArchiverService implements AutoCloseable {
    public static final String ELECTION = "archiver";
    public static final String COUCHBASE_SERVICE = "couchbase";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiverService.class);
    private static final Duration COUCHBASE_READY = Duration.ofSeconds(30);

    private final ArchiverServiceSettings settings;
    private final PrometheusMeterRegistry registry;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ComponentSupervisor<CouchbaseConnection> couchbase;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object archiverLock = new Object();
    private RsvpArchiver archiver;
    private boolean waitingLogged;
    private volatile boolean closed;
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "archiver-lifecycle");
        thread.setDaemon(true);
        return thread;
    });
    private Subscription couchbaseWatch;
    private LeaderElection election;
    private StatusServer status;

    private ArchiverService(ArchiverServiceSettings settings, PrometheusMeterRegistry registry,
                            RestartRequestListener restarts) {
        this.settings = settings;
        this.registry = registry;
        this.couchbase = ComponentSupervisor.<CouchbaseConnection>builder()
                .name(COUCHBASE_SERVICE)
                .policy(settings.policy())
                .factory(snapshot -> CouchbaseConnection.open(snapshot, settings.bucket(), settings.username(),
                        settings.password(), COUCHBASE_READY))
                .restartListener(restarts)
                .build();
        Gauge.builder("archiver.leader", leading, l -> l.get() ? 1 : 0)
                .description("1 while this instance leads and archives, 0 while it is a standby").register(registry);
    }

    /**
     * Starts the status server, the Couchbase watch and the campaign; returns at once (the archiver
     * starts when this instance is elected).
     *
     * @param restarts told when the {@code exit} policy needs the process restarted
     */
    public static ArchiverService start(ArchiverServiceSettings settings, Discovery discovery,
                                        PrometheusMeterRegistry registry, RestartRequestListener restarts) {
        ArchiverService service = new ArchiverService(settings, registry, restarts);
        try {
            service.status = new StatusServer(settings.statusHost(), settings.statusPort(), registry,
                    service::health).start();
            service.couchbaseWatch = discovery.watch(COUCHBASE_SERVICE, service.couchbase);
            service.election = discovery.leaderElection(ELECTION, settings.candidateId(), settings.leaderTtl(),
                    service.new Leadership());
            LOG.info("archiver {} started; status at {}", settings.candidateId(), service.status.uri());
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    public URI statusUri() {
        return status.uri();
    }

    public boolean isLeader() {
        return leading.get();
    }

    /** The running archiver's stats, or empty while standing by. */
    public java.util.Optional<ArchiverStats> stats() {
        synchronized (archiverLock) {
            return archiver == null ? java.util.Optional.empty() : java.util.Optional.of(archiver.stats());
        }
    }

    private StatusServer.Health health() {
        boolean leader = leading.get();
        java.util.Optional<ArchiverStats> stats = stats();
        boolean couchbaseKnown = hasCouchbase();
        boolean healthy = !leader || stats.map(s -> s.connected() || s.spooling()).orElse(false);
        String json = mapper.createObjectNode()
                .put("status", healthy ? "ok" : "degraded")
                .put("role", leader ? "leader" : "standby")
                .put("candidate", settings.candidateId())
                .put("couchbaseConnected", couchbaseKnown)
                .put("streamConnected", stats.map(ArchiverStats::connected).orElse(false))
                .put("spooling", stats.map(ArchiverStats::spooling).orElse(false))
                .put("spoolRecords", stats.map(ArchiverStats::spoolRecords).orElse(0L))
                .put("received", stats.map(ArchiverStats::received).orElse(0L))
                .put("stored", stats.map(ArchiverStats::stored).orElse(0L))
                .put("deadLettered", stats.map(ArchiverStats::deadLettered).orElse(0L))
                .toString();
        return new StatusServer.Health(healthy, json);
    }

    private boolean hasCouchbase() {
        try {
            couchbase.current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Every call goes to the Couchbase connection live at that moment; none yet means a failure (and the spool). */
    private final class CurrentCouchbase implements RsvpStore {
        @Override
        public CompletionStage<Void> store(RsvpMessage rsvp) {
            try {
                return couchbase.current().store().store(rsvp);
            } catch (IllegalStateException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CheckpointStore checkpoint() {
            return new CheckpointStore() {
                @Override
                public OptionalLong load() {
                    return hasCouchbase() ? couchbase.current().store().checkpoint().load() : OptionalLong.empty();
                }

                @Override
                public void save(long mtime) {
                    if (hasCouchbase()) {
                        couchbase.current().store().checkpoint().save(mtime);
                    }
                }
            };
        }
    }

    /**
     * Starts the archiver once this instance leads and Couchbase is connected: its resume point is
     * read from Couchbase, and starting without it would join the live stream and leave a gap.
     */
    private void startArchiverWhenReady() {
        synchronized (archiverLock) {
            if (!leading.get() || archiver != null || closed) {
                return;
            }
            if (!hasCouchbase()) {
                if (!waitingLogged) {
                    LOG.info("{} leads; waiting for a Couchbase connection before reading the stream",
                            settings.candidateId());
                    waitingLogged = true;
                }
                lifecycle.schedule(this::startArchiverWhenReady, 200, TimeUnit.MILLISECONDS);
                return;
            }
            waitingLogged = false;
            LOG.info("{} leads the archiver election: archiving", settings.candidateId());
            archiver = new RsvpArchiver(settings.archiver(), new RsvpParser(mapper), new CurrentCouchbase(),
                    mapper, registry).start();
        }
    }

    private final class Leadership implements LeaderListener {
        @Override
        public void elected() {
            leading.set(true);
            lifecycle.execute(ArchiverService.this::startArchiverWhenReady);
        }

        @Override
        public void revoked() {
            synchronized (archiverLock) {
                leading.set(false);
                LOG.warn("{} lost the archiver leadership: stopping the stream", settings.candidateId());
                if (archiver != null) {
                    archiver.close();
                    archiver = null;
                }
            }
        }
    }

    /** Resigns (a standby takes over at once), stops the archiver (flushing or spooling), closes Couchbase. */
    @Override
    public void close() {
        closed = true;
        lifecycle.shutdownNow();
        if (election != null) {
            election.close();
        }
        synchronized (archiverLock) {
            if (archiver != null) {
                archiver.close();
                archiver = null;
            }
        }
        if (couchbaseWatch != null) {
            couchbaseWatch.close();
        }
        couchbase.close();
        if (status != null) {
            status.close();
        }
    }
}
