package dev.rsvpstack.rehearsal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code summary OUT_TSV OUT_REPORT FIGURES_TSV...}: the median of every figure over the runs, met when
 * the median meets the target; writes OUT_TSV, appends the tables to OUT_REPORT and prints a "MISSED"
 * line per gate whose median misses its target (the script fails the rehearsal on one).
 */
final class SummaryCommand {
    private SummaryCommand() {
    }

    static void run(Path outTsv, Path outReport, List<Path> files) throws IOException {
        Figures figures = new Figures();
        for (Path file : files) {
            figures.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        Files.writeString(outTsv, figures.tsv(), StandardCharsets.UTF_8);
        Files.writeString(outReport, ReportTables.of(figures.all()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        figures.missed().forEach(System.out::println);
    }
}
