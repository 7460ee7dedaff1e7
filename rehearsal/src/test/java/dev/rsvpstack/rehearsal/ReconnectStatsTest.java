package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectStatsTest {
    @Test
    void counts_clients_closed_after_t0_and_when_they_came_back() {
        List<String> events = List.of(
                "900 closed 7 1006 before_t0",
                "1000 closed 1 1006 -",
                "1100 closed 2 1006 -",
                "1200 sim-closed -1 1006 -",
                "2500 reopened 1 1",
                "4100 reopened 2 2",
                "1300 closed 3 1006 -",
                "all-opened -1 open=3");

        assertThat(ReconnectStats.of(events, 1000)).isEqualTo(
                "closed=3 back=2 not_back=1 back_max_ms=never back_p99_ms=never down_max_ms=never down_p99_ms=never");
    }

    @Test
    void max_and_p99_by_nearest_rank_when_all_came_back() {
        List<String> events = List.of("1000 closed 1 1006 -", "1000 closed 2 1006 -", "2000 reopened 1 1",
                "4000 reopened 2 2", "5000 reopened 2 1");

        assertThat(ReconnectStats.of(events, 500)).isEqualTo(
                "closed=2 back=2 not_back=0 back_max_ms=3500 back_p99_ms=3500 down_max_ms=3000 down_p99_ms=3000");
        assertThat(ReconnectStats.of(List.of(), 0)).startsWith("closed=0 back=0 not_back=0 back_max_ms=-");
    }
}
