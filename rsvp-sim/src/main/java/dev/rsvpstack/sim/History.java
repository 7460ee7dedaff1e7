package dev.rsvpstack.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last N RSVPs sent (UTF-8), oldest first, for clients that come back with {@code since_mtime}. Not thread-safe. */
final class History {
    private record Entry(long mtime, byte[] utf8) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    History(int capacity) {
        this.capacity = capacity;
    }

    void add(long mtime, byte[] utf8) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(mtime, utf8));
    }

    /** Everything with {@code mtime >= since}, oldest first (inclusive: duplicates are harmless, gaps are not). */
    List<byte[]> since(long since) {
        List<byte[]> result = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.mtime() >= since) {
                result.add(entry.utf8());
            }
        }
        return result;
    }
}
