package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Debounce;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Folds bursts of changes into one delivery: fires once no change came for the quiet period, or
 * when the first undelivered change has waited the maximum, whichever is first. All methods run on
 * the one thread of the given executor, so no locking is needed.
 */
public final class Debouncer {
    private final Debounce settings;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoClock;
    private final Runnable fire;
    private long firstPendingNanos = -1;
    private ScheduledFuture<?> scheduled;

    /**
     * @param settings  quiet period and maximum wait
     * @param executor  a single-threaded executor; {@link #changed()} must be called on it
     * @param nanoClock {@link System#nanoTime()} in production
     * @param fire      runs on the executor when a delivery is due
     */
    public Debouncer(Debounce settings, ScheduledExecutorService executor, LongSupplier nanoClock, Runnable fire) {
        this.settings = settings;
        this.executor = executor;
        this.nanoClock = nanoClock;
        this.fire = fire;
    }

    /** A change arrived. */
    public void changed() {
        if (settings.isOff()) {
            fire.run();
            return;
        }
        long now = nanoClock.getAsLong();
        if (firstPendingNanos < 0) {
            firstPendingNanos = now;
        }
        long delay = delayNanos(settings, firstPendingNanos, now);
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = executor.schedule(this::deliver, delay, TimeUnit.NANOSECONDS);
    }

    /** How long to wait, at {@code now}, before delivering changes pending since {@code firstPending}. */
    static long delayNanos(Debounce settings, long firstPending, long now) {
        long quietDeadline = now + settings.quietPeriod().toNanos();
        long maxDeadline = firstPending + settings.maxWait().toNanos();
        return Math.max(0, Math.min(quietDeadline, maxDeadline) - now);
    }

    private void deliver() {
        firstPendingNanos = -1;
        scheduled = null;
        fire.run();
    }

    /** Whether a delivery is pending. */
    public boolean isPending() {
        return firstPendingNanos >= 0;
    }
}
