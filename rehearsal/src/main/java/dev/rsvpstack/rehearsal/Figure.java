package dev.rsvpstack.rehearsal;

import java.util.ArrayList;
import java.util.List;

/**
 * One figure over the runs: its name ("&lt;case&gt;: &lt;label&gt;"), target, whether missing it fails
 * the rehearsal (a gate) or is only reported, and each run's value.
 */
public final class Figure {
    private final String name;
    private final Target target;
    private boolean gate;
    private final List<String> values = new ArrayList<>();

    public Figure(String name, Target target) {
        this.name = name;
        this.target = target;
    }

    void add(String value, boolean gated) {
        values.add(value);
        gate |= gated;
    }

    public String name() {
        return name;
    }

    public Target target() {
        return target;
    }

    public boolean gate() {
        return gate;
    }

    public List<String> values() {
        return List.copyOf(values);
    }

    public String median() {
        return Median.of(values);
    }

    /** "yes", "no" or "—", decided on the median. */
    public String met() {
        return target.met(median());
    }

    /** A gate whose median misses its target. */
    public boolean missed() {
        return gate && met().equals("no");
    }

    /** The runs' values as the tables show them, "a / b / c". */
    public String runs() {
        return String.join(" / ", values);
    }
}
