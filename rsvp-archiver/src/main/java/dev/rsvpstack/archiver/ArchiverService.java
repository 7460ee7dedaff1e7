package dev.rsvpstack.archiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.CouchbaseConnection;
import dev.rsvpstack.archiver.internal.DaemonScheduler;
import dev.rsvpstack.archiver.internal.LocalCheckpoint;
import dev.rsvpstack.archiver.internal.SpoolStorage;
import dev.rsvpstack.archiver.internal.StatusServer;
import dev.rsvpstack.archiver.internal.Watermark;
import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.ComponentSupervisor;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import dev.rsvpstack.discovery.RestartRequestListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
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
    private SpoolStorage leftovers;
    private long leftoversAtStart;
    private boolean waitingLogged;
    private volatile boolean closed;
    private final ScheduledExecutorService lifecycle = DaemonScheduler.named("archiver-lifecycle");
    // Its own thread: a read from an unreachable Couchbase must not delay a takeover on the lifecycle thread.
    private final ScheduledExecutorService mirror = DaemonScheduler.named("archiver-checkpoint-mirror");
    private final LocalCheckpoint localCheckpoint;
    /**
     * In reverse: the scheduled work, the archiver, the election, the watch, Couchbase, the status server.
     * The steps that wait on a server are bounded by {@link ArchiverSettings#shutdown()}.
     */
    private final Closer closer = new Closer("archiver service");
    private volatile LeaderElection election;
    private volatile LeadershipTerm term;
    private StatusServer status;

    private ArchiverService(ArchiverServiceSettings settings, PrometheusMeterRegistry registry,
                            RestartRequestListener restarts) {
        this.settings = settings;
        this.registry = registry;
        this.localCheckpoint = new LocalCheckpoint(settings.archiver().spoolDirectory());
        this.couchbase = ComponentSupervisor.<CouchbaseConnection>builder()
                .name(COUCHBASE_SERVICE)
                .policy(settings.policy())
                .factory(snapshot -> CouchbaseConnection.open(snapshot, settings.bucket(), settings.username(),
                        settings.password(), COUCHBASE_READY, settings.archiver().retention(), registry))
                .restartListener(restarts)
                .onSwap(this::useConnection)
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
            Closer closer = service.closer;
            ShutdownTimeouts timeouts = settings.archiver().shutdown();
            service.status = closer.register(new StatusServer(settings.statusHost(), settings.statusPort(), registry,
                    service::health).start());
            closer.register("the Couchbase connection", timeouts.couchbase(),
                    "disconnecting from Couchbase cleanly (its sockets close with the process)", service.couchbase);
            closer.register(discovery.watch(COUCHBASE_SERVICE, service.couchbase));
            // Resigns only after the archiver stopped: a standby must not connect while this one still reads.
            service.election = closer.register("the archiver election", timeouts.election(),
                    "resigning the leadership (its lease expires by itself within " + settings.leaderTtl().toSeconds()
                            + " s, then a standby takes over)",
                    discovery.leaderElection(ELECTION, settings.candidateId(), settings.leaderTtl(),
                            service.new Leadership()));
            // Its waits are bounded inside; this bound, a little longer, is for the stream's close.
            closer.register("the archiver", timeouts.archiver(),
                    "stopping the archiver (what was not stored or checkpointed is replayed from the stream at the "
                            + "next start)", service::stopArchiving);
            closer.register("the scheduled work", service::stopScheduling);
            service.lifecycle.scheduleWithFixedDelay(service::drainLeftoversWhileStandingBy, 1, 1, TimeUnit.SECONDS);
            long every = settings.archiver().checkpointInterval().toMillis();
            service.mirror.scheduleWithFixedDelay(service::mirrorCheckpointWhileStandingBy, every, every,
                    TimeUnit.MILLISECONDS);
            LOG.info("archiver {} started; status at {}", settings.candidateId(), service.status.uri());
            return service;
        } catch (RuntimeException e) {
            service.stopScheduling(); // idempotent; the executors may not be registered yet
            throw service.closer.closeAfter(e);
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
                .put("leftoverSpoolRecords", leftoverRecords())
                .toString();
        return new StatusServer.Health(healthy, json);
    }

    /** RSVPs from an earlier run still waiting in the spool of this standby. */
    private long leftoverRecords() {
        synchronized (archiverLock) {
            return leftovers == null ? 0 : leftovers.pipeline().spoolRecords();
        }
    }

    private boolean hasCouchbase() {
        try {
            couchbase.current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * A moved Couchbase, connected: the archiver stores there from now on, and what was waiting on
     * the old connection is retried there at once (the old client may never answer it).
     */
    private void useConnection(CouchbaseConnection connection) {
        synchronized (archiverLock) {
            if (archiver != null) {
                archiver.useStore(connection.store());
            }
            if (leftovers != null) {
                leftovers.pipeline().useStore(connection.store());
            }
        }
    }

    /**
     * Once a second while standing by: stores what an earlier run of this instance left in its spool
     * (a leader restarted while Couchbase was away comes back as the standby, and nobody else can
     * reach those RSVPs).
     */
    private void drainLeftoversWhileStandingBy() {
        synchronized (archiverLock) {
            if (leading.get() || closed) {
                return;
            }
            if (leftovers != null) {
                if (!leftovers.pipeline().isSpooling()) {
                    LOG.info("{} stored the {} RSVPs an earlier run left in its spool", settings.candidateId(),
                            leftoversAtStart);
                    closeLeftovers();
                }
                return;
            }
            if (hasCouchbase() && SpoolStorage.hasLeftovers(settings.archiver())) {
                // Nothing is fed to it: its pipeline drains what it finds in the spool, then idles.
                leftovers = new SpoolStorage(settings.archiver(), new RsvpParser(mapper), couchbase.current().store(),
                        new Watermark(), mapper, registry);
                leftoversAtStart = leftovers.pipeline().spoolRecords();
                LOG.info("{} stands by with {} RSVPs in its spool from an earlier run; storing them",
                        settings.candidateId(), leftoversAtStart);
            }
        }
    }

    /**
     * While standing by: keeps the leader's checkpoint in this host's local checkpoint too. Under the
     * {@code exit} policy every archiver restarts when Couchbase moves, the new Couchbase has no
     * checkpoint, and whichever instance leads next resumes from its local one; without this, a
     * standby that had never led would join the live stream and leave a gap.
     */
    private void mirrorCheckpointWhileStandingBy() {
        if (leading.get() || closed || !hasCouchbase()) {
            return;
        }
        try {
            couchbase.current().store().checkpoint().load().ifPresent(mtime -> {
                if (!leading.get()) { // the archiver, once leading, writes its own
                    localCheckpoint.save(mtime);
                }
            });
        } catch (IllegalStateException e) {
            // Couchbase went away between the check and the read: the next round tries again
        }
    }

    /** Under archiverLock. */
    private void closeLeftovers() {
        if (leftovers != null) {
            leftovers.close();
            leftovers = null;
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
            closeLeftovers(); // the archiver drains the rest of the spool before anything new
            LOG.info("{} leads the archiver election (term {}): archiving", settings.candidateId(),
                    term == null ? "?" : term.revision());
            // Read under archiverLock: a swap in between is then either seen here or passed on by useConnection.
            LeadershipTerm current = term;
            LeaderElection elected = election;
            if (elected == null) { // elected before leaderElection(...) returned
                lifecycle.schedule(this::startArchiverWhenReady, 50, TimeUnit.MILLISECONDS);
                return;
            }
            if (current == null || !elected.holds(current)) {
                LOG.warn("{} no longer holds its leadership term; not starting the archiver", settings.candidateId());
                return;
            }
            LeaderFence fence = LeaderFence.of(current.epoch(), current.revision(), () -> elected.holds(current));
            archiver = new RsvpArchiver(settings.archiver(), new RsvpParser(mapper), couchbase.current().store(),
                    mapper, registry, fence).start();
        }
    }

    /**
     * Leadership, fenced in time: a new term waits {@code leaderGrace} before the archiver connects (the
     * old leader's connection is gone first); the archiver asks {@link LeaderElection#holds} before it
     * reads or saves; and {@code revoked()} returns only once the stream's socket is closed.
     */
    private final class Leadership implements LeaderListener {
        @Override
        public void elected(LeadershipTerm won) {
            term = won;
            leading.set(true);
            LOG.info("{} won the archiver election (term {}); connecting to the stream in {} ms",
                    settings.candidateId(), won.revision(), settings.leaderGrace().toMillis());
            lifecycle.schedule(ArchiverService.this::startArchiverWhenReady, settings.leaderGrace().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void revoked() {
            long started = System.nanoTime();
            synchronized (archiverLock) {
                leading.set(false);
                term = null;
                if (closed) {
                    LOG.info("{} steps down: shutting down", settings.candidateId());
                } else {
                    LOG.warn("{} lost the archiver leadership: stopping the stream", settings.candidateId());
                }
                if (archiver != null) {
                    archiver.close(); // closes the stream's socket first
                    archiver = null;
                }
            }
            LOG.info("{} stepped down in {} ms", settings.candidateId(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /**
     * Stops the archiver (flushing or spooling, saving the checkpoint), resigns (a standby takes over at
     * once), closes Couchbase; within {@link ShutdownTimeouts#bound()} less the launcher's etcd step, even
     * when etcd and Couchbase are gone (each step given up is logged once with what was lost).
     */
    @Override
    public void close() {
        closer.close();
    }

    private void stopScheduling() {
        closed = true;
        lifecycle.shutdownNow();
        mirror.shutdownNow();
    }

    private void stopArchiving() {
        synchronized (archiverLock) {
            closeLeftovers();
            if (archiver != null) {
                archiver.close();
                archiver = null;
            }
        }
    }
}
