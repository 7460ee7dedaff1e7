package dev.rsvpstack.archiver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.internal.DaemonScheduler;
import dev.rsvpstack.archiver.internal.DeadLetters;
import dev.rsvpstack.archiver.internal.LocalCheckpoint;
import dev.rsvpstack.archiver.internal.SpoolStorage;
import dev.rsvpstack.archiver.internal.StorePipeline;
import dev.rsvpstack.archiver.internal.StreamClient;
import dev.rsvpstack.archiver.internal.Watermark;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives the RSVP stream, losing nothing: reads it over a WebSocket (reconnecting with backoff and
 * resuming with {@code since_mtime}), validates each message, and stores it as
 * {@code rsvp::<rsvp_id>}. While the store is down, RSVPs wait in a local spool; at the spool's cap
 * the archiver stops reading rather than drop. Anything that cannot be archived is dead-lettered:
 * counted, kept in a bounded file, logged with context; the stream goes on.
 *
 * <p>Under a {@link LeaderFence} (when run by {@link ArchiverService}), it asks the fence before it
 * connects, before it handles each message and before each periodic checkpoint save. Once the fence
 * no longer holds (the lease may have expired: a pause, a lost etcd), it handles no further message
 * and closes the connection: the next leader replays those from the checkpoint. Checkpoint writes
 * carry the term (0 without a fence), so a store that checks terms refuses a stale leader's, and an
 * unfenced archiver's once an elected leader's term holds the checkpoint. RSVP upserts are not fenced:
 * the key is the RSVP's id, so a stale leader's upsert writes the very document the next leader does.
 */
public final class RsvpArchiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RsvpArchiver.class);

    private final ArchiverSettings settings;
    private final RsvpParser parser;
    private final AtomicReference<RsvpStore> store;
    private final Watermark watermark = new Watermark();
    private final LocalCheckpoint localCheckpoint;
    private final SpoolStorage storage;
    private final DeadLetters deadLetters;
    private final StorePipeline pipeline;
    private final StreamClient stream;
    private final Counter received;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final MeterRegistry registry;
    private final Gauge connectedGauge;
    private final ScheduledExecutorService checkpointer = DaemonScheduler.named("archiver-checkpoint");
    private long savedCheckpoint = -1;
    private final LeaderFence fence;
    private final AtomicBoolean fenced = new AtomicBoolean();
    /** Name of the count of periodic saves the store refused while this archiver's leadership held. */
    public static final String REFUSED_WHILE_LEADING = "archiver.checkpoint.refused.leading";
    private final Counter refusedWhileLeading;
    private final AtomicBoolean refusedLogged = new AtomicBoolean();

    /** An archiver with its own metrics registry. */
    public RsvpArchiver(ArchiverSettings settings, RsvpParser parser, RsvpStore store) {
        this(settings, parser, store, new ObjectMapper(), new SimpleMeterRegistry());
    }

    public RsvpArchiver(ArchiverSettings settings, RsvpParser parser, RsvpStore store, ObjectMapper mapper,
                        MeterRegistry registry) {
        this(settings, parser, store, mapper, registry, LeaderFence.NONE);
    }

    /** An archiver that acts only while {@code fence} holds, and stamps its term on checkpoint writes. */
    public RsvpArchiver(ArchiverSettings settings, RsvpParser parser, RsvpStore store, ObjectMapper mapper,
                        MeterRegistry registry, LeaderFence fence) {
        this.fence = java.util.Objects.requireNonNull(fence, "fence");
        this.settings = settings;
        this.parser = parser;
        this.store = new AtomicReference<>(store);
        this.localCheckpoint = new LocalCheckpoint(settings.spoolDirectory());
        this.storage = new SpoolStorage(settings, parser, store, watermark, mapper, registry);
        this.pipeline = storage.pipeline();
        this.deadLetters = storage.deadLetters();
        this.received = Counter.builder("archiver.rsvps.received").description("messages read from the stream")
                .register(registry);
        this.registry = registry;
        this.refusedWhileLeading = Counter.builder(REFUSED_WHILE_LEADING)
                .description("periodic checkpoint saves the store refused while this archiver's leadership held")
                .register(registry);
        this.connectedGauge = Gauge.builder("archiver.stream.connected", connected, c -> c.get() ? 1 : 0)
                .description("1 while the stream is connected").register(registry);
        this.stream = new StreamClient(settings.source(), watermark::resumeFrom, new StreamHandler(),
                settings.reconnectMin(), settings.reconnectMax(), connected::set, this::mayAct);
    }

    /**
     * Reads the resume point from the store's checkpoint (or, when the store has none, from this
     * host's last known point beside the spool), then connects in the background.
     */
    public RsvpArchiver start() {
        OptionalLong checkpoint = fence.term() != CheckpointStore.NO_TERM
                ? store.get().checkpoint().claim(fence.epoch(), fence.term())
                : store.get().checkpoint().load();
        if (checkpoint.isPresent()) {
            watermark.seed(checkpoint.getAsLong());
            LOG.info("resuming the stream from mtime {} (the saved checkpoint)", checkpoint.getAsLong());
        } else {
            OptionalLong local = localCheckpoint.load();
            if (local.isPresent()) {
                watermark.seed(local.getAsLong());
                LOG.info("the store has no checkpoint (a new, empty Couchbase?): resuming the stream from mtime {},"
                        + " this host's last known point ({})", local.getAsLong(), localCheckpoint.file());
            } else {
                LOG.info("no checkpoint in the store or in {}: joining the live stream", localCheckpoint.file());
            }
        }
        stream.start();
        long every = settings.checkpointInterval().toMillis();
        checkpointer.scheduleWithFixedDelay(this::periodicCheckpoint, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stores into {@code next} from now on (Couchbase moved); nothing buffered is lost. */
    public void useStore(RsvpStore next) {
        store.set(next);
        pipeline.useStore(next);
    }

    public ArchiverStats stats() {
        return new ArchiverStats((long) received.count(), pipeline.storedCount(), pipeline.retriedCount(),
                pipeline.spooledCount(), deadLetters.count(), pipeline.spoolRecords(), connected.get(),
                pipeline.isSpooling());
    }

    public boolean isConnected() {
        return stream.isConnected();
    }

    /** The mtime a restart would resume from now. */
    public long resumePoint() {
        return watermark.resumeFrom();
    }

    /**
     * Whether this archiver may still read the stream; the first time it may not, it stops handling
     * messages and closes the connection (on another thread: this may be the stream's reader).
     */
    private boolean mayAct() {
        if (fenced.get()) {
            return false;
        }
        if (fence.holds()) {
            return true;
        }
        if (fenced.compareAndSet(false, true)) {
            LOG.warn("leadership ({}) may have expired: handling no further message, closing the stream", fence);
            Thread closer = new Thread(stream::close, "archiver-fenced-close");
            closer.setDaemon(true);
            closer.start();
        }
        return false;
    }

    private void periodicCheckpoint() {
        if (mayAct() && saveCheckpoint() == CheckpointStore.Saved.REFUSED && fence.holds()) {
            refusedWhileLeading();
        }
    }

    /**
     * The store refuses a term that still holds: not a stale leader (a successor is elected only after
     * this term's lease expired, and {@code holds} turns false before that), but an etcd whose revisions
     * went backwards in a way the epoch cannot tell. Loud, since the checkpoint stays behind while it lasts.
     */
    private void refusedWhileLeading() {
        refusedWhileLeading.increment();
        if (refusedLogged.compareAndSet(false, true)) {
            LOG.error("the checkpoint refuses this archiver's leadership ({}) although it holds: the checkpoint is"
                    + " not saved while this lasts. etcd's revisions went backwards under the same epoch: restored"
                    + " from an older snapshot (delete the election's key under /election-epochs/ once and restart"
                    + " this archiver: the next term starts a new epoch and takes the checkpoint over), or rebuilt"
                    + " before the checkpoint recorded an epoch (delete the document archiver::checkpoint once)."
                    + " See README, troubleshooting",
                    fence);
        }
    }

    /**
     * Fenced by the term alone (term 0 without an election): this also runs at close, after leadership
     * ended, and then the store's term check decides. The local checkpoint follows unless the store
     * refused the term (while Couchbase is down, the local point is the one that matters).
     */
    private CheckpointStore.Saved saveCheckpoint() {
        long resume = watermark.resumeFrom();
        if (resume < 0 || resume == savedCheckpoint) {
            return null; // nothing new to save
        }
        CheckpointStore.Saved saved = store.get().checkpoint().save(resume, fence.epoch(), fence.term());
        if (saved != CheckpointStore.Saved.REFUSED) {
            localCheckpoint.save(resume);
        }
        if (saved == CheckpointStore.Saved.WRITTEN) {
            savedCheckpoint = resume;
        }
        return saved;
    }

    /**
     * Stops reading, lets in-flight upserts finish (up to {@link ShutdownTimeouts#inFlight()}), syncs the
     * spool and saves the checkpoint (up to {@link ShutdownTimeouts#checkpoint()}): whatever was not stored
     * is replayed from the stream at the next start.
     */
    @Override
    public void close() {
        stream.close();
        checkpointer.shutdownNow();
        storage.close(); // waits for in-flight upserts, so the checkpoint below includes them
        saveLastCheckpoint(settings.shutdown().checkpoint());
        // A later archiver on the same registry (after a leader change) must not report this one's state.
        registry.remove(connectedGauge);
        LOG.info("archiver stopped: {}", stats());
    }

    /**
     * The save at close, bounded: a Couchbase that is gone answers each read and write only at its
     * timeout, and a shutdown must end before the supervisor's SIGKILL. Given up, the save goes on in
     * its (daemon) thread until the process ends.
     */
    private void saveLastCheckpoint(Duration timeout) {
        Thread save = new Thread(this::saveCheckpoint, "archiver-last-checkpoint");
        save.setDaemon(true);
        save.start();
        try {
            save.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (save.isAlive()) {
            LOG.warn("the last checkpoint save did not finish within {} ms; given up: saving resume point mtime {} "
                    + "(the next start resumes from the last saved checkpoint and replays the rest)",
                    timeout.toMillis(), watermark.resumeFrom());
        }
    }

    /** Runs on the stream's reader thread; blocking here is the backpressure. */
    private final class StreamHandler implements StreamClient.Handler {
        @Override
        public void onText(String message) throws InterruptedException {
            if (!mayAct()) {
                return; // not received: the next leader replays it from the checkpoint
            }
            received.increment();
            int max = settings.maxMessageBytes();
            // UTF-8 takes 1 to 3 bytes per char: only a long message needs its bytes counted.
            if (message.length() > max
                    || message.length() > max / 3 && message.getBytes(StandardCharsets.UTF_8).length > max) {
                deadLetters.record("oversized", "longer than " + settings.maxMessageBytes() + " bytes", message);
                return;
            }
            RsvpMessage rsvp;
            try {
                rsvp = parser.parse(message);
            } catch (InvalidRsvpException e) {
                deadLetters.record(e.getMessage().startsWith("not JSON") ? "malformed JSON" : "invalid RSVP",
                        e.getMessage(), message);
                return;
            }
            pipeline.accept(rsvp);
        }

        @Override
        public void onBinary(int length) {
            received.increment();
            deadLetters.record("binary frame", length + " bytes; the stream sends JSON text", null);
        }

        @Override
        public void onUndecodable(String why) {
            received.increment();
            deadLetters.record("undecodable frame", why, null);
        }
    }
}
