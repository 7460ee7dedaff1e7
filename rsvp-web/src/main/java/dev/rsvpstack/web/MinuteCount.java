package dev.rsvpstack.web;

/**
 * How many RSVPs were made in one minute, for the page's rate chart.
 *
 * @param epochMinute the minute, as whole minutes since 1970-01-01T00:00Z ({@code mtime / 60000})
 * @param count       RSVPs whose {@code mtime} falls in that minute; never negative
 */
public record MinuteCount(long epochMinute, long count) {
    public MinuteCount {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }
}
