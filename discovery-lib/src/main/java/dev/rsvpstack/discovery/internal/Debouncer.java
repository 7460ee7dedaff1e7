package dev.rsvpstack.discovery.internal;

import dev.rsvpstack.discovery.Debounce;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Folds bursts of changes into one delivery. A change that comes after a quiet period (nothing
 * delivered for {@code quietPeriod}) is delivered at once, on the next turn of the executor, so the
 * events of the same watch response still go with it: a lone move is not made to wait. Changes that
 * follow within the quiet period are folded as before: delivered once no change came for the quiet
 * period, or when the first of them has waited the maximum, whichever is first. So a key flapping
 * forever still causes at most one delivery per {@code maxWait}, plus the leading one. All methods
 * run on the one thread of the given executor, so no locking is needed.
 */
public final class Debouncer {
    private final Debounce settings;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanoClock;
    private final Runnable fire;
    private long firstPendingNanos = -1;
    private long lastDeliveryNanos;
    private boolean delivered;          // whether lastDeliveryNanos holds a delivery
    private boolean leadingScheduled;   // the pending delivery is a leading one, due at once
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
        if (leadingScheduled) {
            return; // folded into the delivery due at once
        }
        if (firstPendingNanos < 0) {
            firstPendingNanos = now;
            if (!delivered || now - lastDeliveryNanos >= settings.quietPeriod().toNanos()) {
                // Leading edge: after a quiet period the first change is worth acting on now.
                leadingScheduled = true;
                scheduled = executor.schedule(this::deliver, 0, TimeUnit.NANOSECONDS);
                return;
            }
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
        leadingScheduled = false;
        try {
            fire.run();
        } finally {
            // The quiet period counts from the end of the reconfiguration: changes queued while it ran wait.
            delivered = true;
            lastDeliveryNanos = nanoClock.getAsLong();
        }
    }

    /** Whether a delivery is pending. */
    public boolean isPending() {
        return firstPendingNanos >= 0;
    }
}
