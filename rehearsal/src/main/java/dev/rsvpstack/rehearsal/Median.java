package dev.rsvpstack.rehearsal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The median of the runs, defined once for the rehearsal as bench/lib/summary.sh defines it for every
 * benchmark (bench/README.md, "Median and met"): values in order, numbers ascending first, then words
 * ("never", "no", "yes") alphabetically; the middle one for an odd count, the lower middle one for an
 * even count. Never a mean: the median is always a value some run measured.
 */
public final class Median {
    private Median() {
    }

    /** The median of {@code values}, or "n/a" for none. */
    public static String of(List<String> values) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(ORDER);
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** Numbers ascending, then words alphabetically. */
    static final Comparator<String> ORDER = (a, b) -> {
        Optional<Double> x = number(a);
        Optional<Double> y = number(b);
        if (x.isPresent() && y.isPresent()) {
            return Double.compare(x.get(), y.get());
        }
        if (x.isPresent() != y.isPresent()) {
            return x.isPresent() ? -1 : 1;
        }
        return a.compareTo(b);
    };

    /**
     * The number a value reads as: its first word without thousands separators ("1,234 req/s" is 1234),
     * if that is a decimal number.
     */
    public static Optional<Double> number(String value) {
        String first = value.strip().split(" ", 2)[0].replace(",", "");
        return first.matches("-?\\d+(\\.\\d+)?") ? Optional.of(Double.parseDouble(first)) : Optional.empty();
    }
}
