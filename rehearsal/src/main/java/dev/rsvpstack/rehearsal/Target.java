package dev.rsvpstack.rehearsal;

import java.util.Optional;

/**
 * A figure's target as the rehearsal writes it ("—", "=V", "&lt;=V", "&gt;=V"; "≤ V" and "≥ V" read
 * too) and whether a median meets it. Met is decided on the median alone, as bench/lib/summary.sh
 * decides it: a number compares as a number, a word ("yes") must be equal, and a median that is not a
 * number never meets "≤" or "≥".
 */
public record Target(Operator operator, String value) {
    /** How a median is compared with the value. */
    public enum Operator { NONE, EQUAL, AT_MOST, AT_LEAST }

    public static final Target NONE = new Target(Operator.NONE, "");

    public static Target parse(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("—") || t.equals("-")) {
            return NONE;
        }
        if (t.startsWith("<=") || t.startsWith(">=")) {
            return new Target(t.charAt(0) == '<' ? Operator.AT_MOST : Operator.AT_LEAST, t.substring(2).strip());
        }
        if (t.startsWith("≤") || t.startsWith("≥")) {
            return new Target(t.charAt(0) == '≤' ? Operator.AT_MOST : Operator.AT_LEAST, t.substring(1).strip());
        }
        return new Target(Operator.EQUAL, t.startsWith("=") ? t.substring(1).strip() : t);
    }

    /** Whether there is a target at all. */
    public boolean present() {
        return operator != Operator.NONE;
    }

    /** "yes" or "no", or "—" without a target. */
    public String met(String median) {
        if (!present()) {
            return "—";
        }
        return meets(median) ? "yes" : "no";
    }

    boolean meets(String median) {
        Optional<Double> m = Median.number(median);
        Optional<Double> v = Median.number(value);
        return switch (operator) {
            case NONE -> true;
            case AT_MOST -> m.isPresent() && v.isPresent() && m.get() <= v.get();
            case AT_LEAST -> m.isPresent() && v.isPresent() && m.get() >= v.get();
            case EQUAL -> m.isPresent() && v.isPresent() ? m.get().equals(v.get()) : median.strip().equals(value);
        };
    }

    /** As the tables show it: "≤ 10", "≥ 80", "0", "yes", "—". */
    public String text() {
        return switch (operator) {
            case NONE -> "—";
            case AT_MOST -> "≤ " + value;
            case AT_LEAST -> "≥ " + value;
            case EQUAL -> value;
        };
    }
}
