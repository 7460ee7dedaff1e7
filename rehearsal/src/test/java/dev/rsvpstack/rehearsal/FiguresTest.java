package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {
    private final Figures figures = new Figures();

    @Test
    void met_is_decided_on_the_median_so_one_slow_run_of_three_does_not_miss() {
        figures.addAll(List.of("archiver-leader: takeover (s)\t9.1\t<=10\tgate",
                "archiver-leader: takeover (s)\t12.4\t<=10\tgate",
                "archiver-leader: takeover (s)\t9.6\t<=10\tgate"));

        assertThat(figures.tsv()).isEqualTo("figure\tmedian\ttarget\tmet\truns\n"
                + "archiver-leader: takeover (s)\t9.6\t≤ 10\tyes\t9.1 / 12.4 / 9.6\n");
        assertThat(figures.missed()).isEmpty();
    }

    @Test
    void a_gate_whose_median_misses_is_named_and_a_report_figure_never_is() {
        figures.addAll(List.of("leader-pause: overlap (ms)\t120\t=0\tgate",
                "leader-pause: overlap (ms)\t0\t=0\tgate",
                "leader-pause: overlap (ms)\t80\t=0\tgate",
                "failover exit: disconnects\t500\t=0\treport"));

        assertThat(figures.missed()).containsExactly("MISSED\tleader-pause: overlap (ms)\t80\t0\t120 / 0 / 80");
    }

    @Test
    void figures_keep_their_first_order_and_broken_lines_are_skipped() {
        figures.addAll(List.of("b: two\t2\t—\treport", "a: one\t1\t—\treport", "cut short\t3", "b: two\t4\t—\treport"));

        assertThat(figures.all()).extracting(Figure::name).containsExactly("b: two", "a: one");
        assertThat(figures.tsv()).contains("b: two\t2\t—\t—\t2 / 4\n");
    }

    @Test
    void report_tables_put_variants_side_by_side_and_mark_missed_report_only_figures() {
        figures.addAll(List.of("failover reload: disconnects\t0\t=0\tgate",
                "failover exit: disconnects\t480\t=0\treport",
                "leader-pause: overlap (ms)\t0\t=0\tgate"));

        String report = ReportTables.of(figures.all());

        assertThat(report).isEqualTo("""

                failover    | reload | exit                     | target
                disconnects | 0 ok   | 480 MISSED (report only) | 0

                leader-pause | median (runs) | target
                overlap (ms) | 0 ok          | 0
                """);
    }
}
