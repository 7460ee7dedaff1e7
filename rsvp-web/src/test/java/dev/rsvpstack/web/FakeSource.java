package dev.rsvpstack.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A source whose data and failures a test sets. */
final class FakeSource implements LatestRsvpsSource {
    volatile List<RsvpRow> rows = List.of();
    volatile List<MinuteCount> counts = List.of();
    volatile RuntimeException failure;
    final AtomicInteger polls = new AtomicInteger();

    static RsvpRow row(long id, String eventName) {
        return new RsvpRow(id, 1_764_000_000_000L + id, "Member " + id, "yes", eventName,
                "https://www.meetup.com/g/events/" + id + "/", "Group", "Zürich");
    }

    @Override
    public List<RsvpRow> latest(int limit) {
        polls.incrementAndGet();
        RuntimeException now = failure;
        if (now != null) {
            throw now;
        }
        return rows.size() > limit ? rows.subList(0, limit) : rows;
    }

    @Override
    public List<MinuteCount> countsPerMinute(long fromEpochMinute, long toEpochMinute) {
        return counts;
    }
}
