package dev.rsvpstack.session.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when this instance last refreshed each session's lifetime, so that an unchanged session
 * costs at most one memcached {@code touch} per interval instead of one write per request
 * (connect-memcached's {@code touch} rewrites the whole session every time). Bounded: past
 * {@code capacity} ids it forgets everything, which only costs a few early touches.
 */
final class TouchLimiter {
    private final long intervalNanos;
    private final int capacity;
    private final ConcurrentHashMap<String, Long> lastTouch = new ConcurrentHashMap<>();

    TouchLimiter(long intervalNanos, int capacity) {
        this.intervalNanos = intervalNanos;
        this.capacity = capacity;
    }

    /** Whether to touch {@code id} now; if so, now counts as its last touch. */
    boolean shouldTouch(String id) {
        if (intervalNanos == 0) {
            return true;
        }
        long now = System.nanoTime();
        Long last = lastTouch.get(id);
        if (last != null && now - last < intervalNanos) {
            return false;
        }
        if (lastTouch.size() >= capacity) {
            lastTouch.clear();
        }
        lastTouch.put(id, now);
        return true;
    }

    /** A session just written needs no touch for an interval. */
    void written(String id) {
        if (intervalNanos != 0 && lastTouch.size() < capacity) {
            lastTouch.put(id, System.nanoTime());
        }
    }

    void forget(String id) {
        lastTouch.remove(id);
    }
}
