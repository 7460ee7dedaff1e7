package dev.rsvpstack.rehearsal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's side-by-side tables: one per scenario, a row per figure, a column per variant. A figure
 * named "failover reload: label" belongs to scenario "failover", column "reload"; "leader-pause: label"
 * to scenario "leader-pause" with one column.
 */
public final class ReportTables {
    private ReportTables() {
    }

    public static String of(Iterable<Figure> figures) {
        Map<String, Map<String, Map<String, Figure>>> scenarios = new LinkedHashMap<>();
        for (Figure figure : figures) {
            int colon = figure.name().indexOf(": ");
            String run = colon < 0 ? "" : figure.name().substring(0, colon);
            String label = colon < 0 ? figure.name() : figure.name().substring(colon + 2);
            int space = run.indexOf(' ');
            String scenario = space < 0 ? run : run.substring(0, space);
            String column = space < 0 ? "" : run.substring(space + 1);
            scenarios.computeIfAbsent(scenario, k -> new LinkedHashMap<>())
                    .computeIfAbsent(label, k -> new LinkedHashMap<>()).put(column, figure);
        }
        StringBuilder out = new StringBuilder();
        scenarios.forEach((scenario, rows) -> out.append('\n').append(table(scenario, rows)));
        return out.toString();
    }

    private static String table(String scenario, Map<String, Map<String, Figure>> rows) {
        List<String> columns = new ArrayList<>();
        rows.values().forEach(cells -> cells.keySet().forEach(c -> {
            if (!columns.contains(c)) {
                columns.add(c);
            }
        }));
        List<String[]> table = new ArrayList<>();
        String[] header = new String[columns.size() + 2];
        header[0] = scenario;
        for (int i = 0; i < columns.size(); i++) {
            header[i + 1] = columns.get(i).isEmpty() ? "median (runs)" : columns.get(i);
        }
        header[header.length - 1] = "target";
        table.add(header);
        rows.forEach((label, cells) -> {
            String[] row = new String[columns.size() + 2];
            row[0] = label;
            String target = "—";
            for (int i = 0; i < columns.size(); i++) {
                Figure figure = cells.get(columns.get(i));
                row[i + 1] = figure == null ? "" : cell(figure);
                if (figure != null && figure.target().present() && target.equals("—")) {
                    target = figure.target().text();
                }
            }
            row[row.length - 1] = target;
            table.add(row);
        });
        return align(table);
    }

    /** "median ok|MISSED [(report only)] (run / run / run)". */
    static String cell(Figure figure) {
        String cell = figure.median();
        String met = figure.met();
        if (!met.equals("—")) {
            cell += met.equals("yes") ? " ok" : " MISSED" + (figure.gate() ? "" : " (report only)");
        }
        if (figure.values().size() > 1) {
            cell += " (" + figure.runs() + ")";
        }
        return cell;
    }

    private static String align(List<String[]> table) {
        int[] width = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
