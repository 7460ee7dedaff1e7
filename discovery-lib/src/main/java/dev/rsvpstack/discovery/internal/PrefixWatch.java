package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list-then-watch loop of one prefix, shared by service and config watches, made to survive a
 * partial partition: a watch stream on a member that is cut off from its peers stays open and
 * silent for ever unless something notices.
 * <ul>
 *   <li>Every stream requires a leader: etcd cancels it when its member loses the leader, and refuses
 *       to open it on a member that has none, so a new stream lands on a member with one.</li>
 *   <li>The {@link QuorumMonitor} tells the watch at once when a member loses its leader; the watch
 *       then opens its stream again rather than wait for etcd's cancellation (three election
 *       timeouts).</li>
 *   <li>Progress requests, once per check interval, tell a silent stream from a quiet key range: a
 *       stream that does not answer within the request timeout (a frozen member), or answers with a
 *       revision older than one the quorum had already reached (a member left behind), is opened
 *       again.</li>
 * </ul>
 * A stream opened again starts at the revision after the last one delivered, so no event is lost or
 * delivered twice; only a compaction past that revision makes it list the prefix again. All of it
 * runs on the owner's single thread, so the handler is never called concurrently.
 */
final class PrefixWatch {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixWatch.class);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    /** What the owner does with the prefix; called on the watch's thread. */
    interface Handler {
        /**
         * Reads the whole prefix and takes it as the current state.
         *
         * @return the revision of the read, from which the watch continues
         */
        long list() throws Exception;

        /** Events after the last revision, in order. */
        void onEvents(List<WatchEvent> events);
    }

    private final Supplier<Client> clients;
    private final String prefix;
    private final boolean prevKv;
    private final EtcdSettings settings;
    private final Reachability reachability;
    private final QuorumMonitor quorum;
    private final ScheduledExecutorService thread;
    private final Handler handler;
    private final QuorumMonitor.Listener members = new QuorumMonitor.Listener() {
        @Override
        public void leaderLost() {
            thread.execute(PrefixWatch.this::moveOffMember);
        }

        @Override
        public void leaderBack() {
            thread.execute(PrefixWatch.this::reopenIfClosed);
        }
    };
    private Watch.Watcher watcher;
    private long generation;
    /** The last revision whose events were all handed to the handler. */
    private long revision;
    private Duration retryDelay;
    private ScheduledFuture<?> progressChecks;
    private long progressRequestedAt = -1;
    private long clusterRevisionAtLastRequest;
    private long clusterRevisionAtThisRequest;
    /** Whether the closing of the stream was logged since it last delivered: logged once per outage. */
    private boolean reportedClosed;
    private volatile boolean closed;

    PrefixWatch(Supplier<Client> clients, String prefix, boolean prevKv, EtcdSettings settings, Reachability reachability,
                QuorumMonitor quorum, ScheduledExecutorService thread, Handler handler) {
        this.clients = clients;
        this.prefix = prefix;
        this.prevKv = prevKv;
        this.settings = settings;
        this.reachability = reachability;
        this.quorum = quorum;
        this.thread = thread;
        this.handler = handler;
        this.retryDelay = settings.retryDelay();
    }

    /** Lists and watches; call on the watch's thread. */
    void start() {
        quorum.addListener(members);
        long interval = settings.healthCheckInterval().toMillis();
        progressChecks = thread.scheduleWithFixedDelay(this::checkProgress, interval, interval, TimeUnit.MILLISECONDS);
        listAndWatch();
    }

    private void listAndWatch() {
        if (closed) {
            return;
        }
        closeWatcher();
        try {
            revision = handler.list();
            reachability.answered();
            openWatcher();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            reachability.failed("listing " + prefix, e);
            LOG.debug("listing {} failed; retrying in {}", prefix, retryDelay, e);
            retryLater(this::listAndWatch);
        }
    }

    private void openWatcher() {
        closeWatcher();
        long mine = ++generation;
        WatchOption options = WatchOption.builder().isPrefix(true).withPrevKV(prevKv).withRevision(revision + 1)
                .withRequireLeader(true).withProgressNotify(true).build();
        watcher = clients.get().getWatchClient().watch(Bytes.of(prefix), options, Watch.listener(
                response -> thread.execute(() -> onResponse(mine, response)),
                error -> thread.execute(() -> onError(mine, error))));
        progressRequestedAt = -1;
    }

    private void onResponse(long from, WatchResponse response) {
        if (closed || from != generation) {
            return; // a stream this watch has since replaced: its events come again on the new one
        }
        reachability.answered();
        retryDelay = settings.retryDelay();
        reportedClosed = false;
        if (response.getEvents().isEmpty()) {
            onProgress(response.getHeader().getRevision());
            return;
        }
        handler.onEvents(response.getEvents());
        for (WatchEvent event : response.getEvents()) {
            revision = Math.max(revision, event.getKeyValue().getModRevision());
        }
    }

    /** A progress notification: every event up to {@code streamRevision} was sent on this stream. */
    private void onProgress(long streamRevision) {
        boolean requested = progressRequestedAt >= 0;
        progressRequestedAt = -1;
        if (requested && streamRevision < clusterRevisionAtLastRequest) {
            LOG.warn("watch of {} is behind: its member is at revision {}, the quorum was at {} a check ago; "
                    + "opening it again from revision {}", prefix, streamRevision, clusterRevisionAtLastRequest,
                    revision + 1);
            openWatcher();
            return;
        }
        revision = Math.max(revision, streamRevision);
    }

    private void onError(long from, Throwable error) {
        if (closed || from != generation) {
            return;
        }
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof CompactedException) {
            LOG.warn("watch of {} fell behind a compaction ({}); listing it again", prefix, Failures.describe(cause));
            listAndWatch();
            return;
        }
        reachability.failed("watching " + prefix, cause);
        // jetcd resumes a stream by itself after a transient error, from its own last revision; it
        // gives up on a halt error or a member without a leader. Then this opens it again, on
        // whichever member the client picks; one without a leader refuses it at once.
        retryLater(() -> {
            if (!closed && from == generation && (watcher == null || watcher.isClosed())) {
                if (!reportedClosed) {
                    reportedClosed = true;
                    LOG.info("watch of {} was closed ({}); opening it again from revision {}", prefix,
                            Failures.describe(cause), revision + 1);
                }
                openWatcher();
            }
        });
    }

    private void moveOffMember() {
        if (!closed && watcher != null) {
            LOG.info("an etcd member lost its leader; opening the watch of {} again from revision {} so that it "
                    + "runs on a member with one", prefix, revision + 1);
            openWatcher();
        }
    }

    /** A member has a leader again: a watch that every member refused opens now, not after its backoff. */
    private void reopenIfClosed() {
        if (!closed && watcher != null && watcher.isClosed()) {
            LOG.info("an etcd member has a leader again; opening the watch of {} from revision {}", prefix,
                    revision + 1);
            retryDelay = settings.retryDelay();
            openWatcher();
        }
    }

    /**
     * Once per check interval: a progress request still unanswered after the request timeout means a
     * silent stream; else ask again.
     */
    private void checkProgress() {
        if (closed || watcher == null || watcher.isClosed()) {
            return; // a closed stream is opened again by onError's retry
        }
        long now = System.nanoTime();
        if (progressRequestedAt >= 0) {
            if (now - progressRequestedAt > settings.requestTimeout().toNanos()) {
                LOG.warn("watch of {} did not answer a progress request within {}; opening it again from revision {}",
                        prefix, settings.requestTimeout(), revision + 1);
                openWatcher();
            }
            return;
        }
        // Compared with the answer: the quorum's revision one check earlier, which any member that
        // keeps up has applied by now.
        clusterRevisionAtLastRequest = clusterRevisionAtThisRequest;
        clusterRevisionAtThisRequest = quorum.clusterRevision();
        progressRequestedAt = now;
        watcher.requestProgress();
    }

    private void retryLater(Runnable task) {
        thread.schedule(task, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) <= 0 ? retryDelay.multipliedBy(2) : MAX_RETRY;
    }

    private void closeWatcher() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /** Stops for good; call on the watch's thread. */
    void close() {
        closed = true;
        quorum.removeListener(members);
        if (progressChecks != null) {
            progressChecks.cancel(false);
        }
        closeWatcher();
    }
}
