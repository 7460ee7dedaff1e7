package dev.rsvpstack.rehearsal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Of the load clients whose connection closed at or after T0: how many, how many opened again, and
 * when (max and p99, counted from T0 and from each one's own close). Reads the load's events log:
 * "epochMs closed INDEX ..." and "epochMs reopened INDEX ATTEMPTS"; other lines and negative indexes
 * (the simulator observer's) are skipped.
 */
public final class ReconnectStats {
    private ReconnectStats() {
    }

    public static String of(List<String> events, long t0) {
        Map<Integer, Long> closedAt = new HashMap<>();
        Map<Integer, Long> backAt = new HashMap<>();
        for (String line : events) {
            String[] f = line.split(" ");
            if (f.length < 3 || !f[0].matches("\\d+") || !f[2].matches("-?\\d+")) {
                continue;
            }
            long t = Long.parseLong(f[0]);
            int index = Integer.parseInt(f[2]);
            if (t < t0 || index < 0) {
                continue;
            }
            if (f[1].equals("closed")) {
                closedAt.putIfAbsent(index, t);
            } else if (f[1].equals("reopened") && closedAt.containsKey(index)) {
                backAt.putIfAbsent(index, t);
            }
        }
        List<Long> fromT0 = new ArrayList<>();
        List<Long> down = new ArrayList<>();
        closedAt.forEach((index, closed) -> {
            Long back = backAt.get(index);
            fromT0.add(back == null ? Long.MAX_VALUE : back - t0);
            down.add(back == null ? Long.MAX_VALUE : back - closed);
        });
        fromT0.sort(null);
        down.sort(null);
        return "closed=" + closedAt.size() + " back=" + backAt.size() + " not_back=" + (closedAt.size() - backAt.size())
                + " back_max_ms=" + rank(fromT0, 1.0) + " back_p99_ms=" + rank(fromT0, 0.99) + " down_max_ms="
                + rank(down, 1.0) + " down_p99_ms=" + rank(down, 0.99);
    }

    /** Nearest-rank percentile of a sorted list; "never" for a client that never came back, "-" for none. */
    static String rank(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        long v = sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
        return v == Long.MAX_VALUE ? "never" : Long.toString(v);
    }
}
