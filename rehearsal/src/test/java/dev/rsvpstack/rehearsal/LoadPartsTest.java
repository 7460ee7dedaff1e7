package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoadPartsTest {
    @Test
    void the_page_backoff_doubles_from_one_second_to_five_and_stays_within_them() {
        assertThat(Backoff.delayMillis(0, () -> 0.0)).isEqualTo(1000); // 1 s - 0 %
        assertThat(Backoff.delayMillis(1, () -> 0.0)).isEqualTo(2000);
        assertThat(Backoff.delayMillis(2, () -> 0.99)).isEqualTo(5000); // 4 s + 49.5 %, capped
        assertThat(Backoff.delayMillis(10, () -> 0.0)).isEqualTo(5000);
        assertThat(Backoff.delayMillis(0, () -> 0.4)).isEqualTo(1000); // 1 s - 20 %, never under 1 s
    }

    @Test
    void the_observer_resumes_with_since_mtime_and_stays_an_observer() {
        assertThat(SimObserver.resumeUri(URI.create("ws://10.77.0.1:8090/2/rsvps?observer=true"), 1234))
                .isEqualTo(URI.create("ws://10.77.0.1:8090/2/rsvps?observer=true&since_mtime=1234"));
        assertThat(SimObserver.resumeUri(URI.create("ws://h/2/rsvps"), 5))
                .isEqualTo(URI.create("ws://h/2/rsvps?since_mtime=5"));
    }
}
