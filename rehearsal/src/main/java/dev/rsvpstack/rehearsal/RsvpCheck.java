package dev.rsvpstack.rehearsal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the simulator sent in a window against what the store holds: RSVPs sent (distinct ids; the
 * observer sees an RSVP twice when it resumes with since_mtime), how many lines were duplicates, and
 * which are missing.
 *
 * @param sent       distinct ids sent with from &lt;= mtime &lt;= to
 * @param duplicates lines of the sent log that repeat an id already counted (any mtime)
 * @param missing    the sent ids the store does not hold, ascending
 */
public record RsvpCheck(Set<Long> sent, int duplicates, List<Long> missing) {
    /** Reads the observer's "id mtime" lines (others are skipped) and keeps the window's ids. */
    public static RsvpCheck sentIn(List<String> lines, long from, long to) {
        Set<Long> seen = new HashSet<>();
        TreeSet<Long> window = new TreeSet<>();
        int duplicates = 0;
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) {
                continue;
            }
            long id;
            long mtime;
            try {
                id = Long.parseLong(parts[0]);
                mtime = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!seen.add(id)) {
                duplicates++;
            }
            if (mtime >= from && mtime <= to) {
                window.add(id);
            }
        }
        return new RsvpCheck(window, duplicates, List.of());
    }

    /** The same window against the ids the store holds. */
    public RsvpCheck against(Set<Long> stored) {
        List<Long> absent = new ArrayList<>();
        for (long id : sent) {
            if (!stored.contains(id)) {
                absent.add(id);
            }
        }
        return new RsvpCheck(sent, duplicates, List.copyOf(absent));
    }

    /** "sent=N duplicates=N stored-total=N missing=N [first-missing=[...]]", as the script reads it. */
    public String describe(int storedTotal) {
        return "sent=" + sent.size() + " duplicates=" + duplicates + " stored-total=" + storedTotal + " missing="
                + missing.size() + (missing.isEmpty() ? "" : " first-missing=" + missing.subList(0,
                Math.min(10, missing.size())).toString().replace(" ", ""));
    }
}
