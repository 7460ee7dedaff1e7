package dev.rsvpstack.discovery.internal;

import io.etcd.jetcd.common.exception.CompactedException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a prefix watch (services or config) does when jetcd reports a watch error. A watch that fell
 * behind a compaction lists the prefix again and watches from there. Any other error marks etcd
 * unreachable; jetcd resumes the watch by itself unless the error was final, so the watch looks
 * again a second later and lists again only if jetcd closed it.
 */
final class WatchRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(WatchRecovery.class);

    private WatchRecovery() {
    }

    /**
     * @param watchGone    on the watch's thread, a second later: is the watch open no more (and not closed by us)?
     * @param listAndWatch lists the prefix again and starts a new watch after it
     */
    static void onError(String prefix, Throwable error, Reachability reachability, ScheduledExecutorService thread,
                        BooleanSupplier watchGone, Runnable listAndWatch) {
        Throwable cause = Failures.unwrap(error);
        if (cause instanceof CompactedException) {
            LOG.warn("watch of {} fell behind a compaction ({}); listing it again", prefix, Failures.describe(cause));
            listAndWatch.run();
            return;
        }
        reachability.failed("watching " + prefix, cause);
        thread.schedule(() -> {
            if (watchGone.getAsBoolean()) {
                LOG.warn("watch of {} was closed by the client ({}); listing it again", prefix,
                        Failures.describe(cause));
                listAndWatch.run();
            }
        }, 1, TimeUnit.SECONDS);
    }
}
