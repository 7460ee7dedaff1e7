package dev.rsvpstack.rehearsal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of several runs, read from the lines each run's figures.tsv holds: "figure TAB value TAB
 * target TAB gate|report". Figures keep the order in which they first appear.
 */
public final class Figures {
    private final Map<String, Figure> byName = new LinkedHashMap<>();

    /** Adds one line; lines with fewer than four fields are ignored (a run that broke mid-line). */
    public void add(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 4) {
            return;
        }
        byName.computeIfAbsent(f[0], name -> new Figure(name, Target.parse(f[2]))).add(f[1], f[3].equals("gate"));
    }

    public void addAll(List<String> lines) {
        lines.forEach(this::add);
    }

    public Collection<Figure> all() {
        return byName.values();
    }

    /** bench/lib/summary.sh's format: a header, then figure, median, target, met, runs per line. */
    public String tsv() {
        StringBuilder tsv = new StringBuilder("figure\tmedian\ttarget\tmet\truns\n");
        for (Figure figure : byName.values()) {
            tsv.append(figure.name()).append('\t').append(figure.median()).append('\t')
                    .append(figure.target().text()).append('\t').append(figure.met()).append('\t')
                    .append(figure.runs()).append('\n');
        }
        return tsv.toString();
    }

    /** "MISSED figure TAB median TAB target TAB runs", one line per gate whose median misses its target. */
    public List<String> missed() {
        return byName.values().stream().filter(Figure::missed)
                .map(f -> "MISSED\t" + f.name() + "\t" + f.median() + "\t" + f.target().text() + "\t" + f.runs())
                .toList();
    }
}
