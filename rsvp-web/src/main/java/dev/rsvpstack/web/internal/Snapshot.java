package dev.rsvpstack.web.internal;

import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import java.util.List;

/**
 * What every client is shown: the latest RSVPs, the per-minute counts of the chart's window, and
 * since when this is stale (Couchbase failing), or {@code null} while it is fresh. Serialized as the
 * {@code latest} message; the page ignores members it does not know.
 *
 * @param rsvps            newest first
 * @param perMinute        in minute order; minutes without RSVPs are left out
 * @param chartEndMinute   the chart's last (current) minute, epoch minutes
 * @param chartMinutes     how many minutes the chart covers
 * @param staleSince       epoch ms of the first failed poll, or {@code null}
 */
public record Snapshot(List<RsvpRow> rsvps, List<MinuteCount> perMinute, long chartEndMinute, int chartMinutes,
                       Long staleSince) {
    public Snapshot {
        rsvps = List.copyOf(rsvps);
        perMinute = List.copyOf(perMinute);
    }

    /** The same data, marked stale since {@code since} (kept if already stale). */
    public Snapshot staleSince(long since) {
        return staleSince != null ? this : new Snapshot(rsvps, perMinute, chartEndMinute, chartMinutes, since);
    }
}
