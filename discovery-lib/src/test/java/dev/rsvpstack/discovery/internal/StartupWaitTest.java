package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The start-up wait's deadline arithmetic on a fake clock: attempts that hang move the clock by the
 * time they were given, pauses move it by their length, so the test sees exactly how long a real
 * start would wait.
 */
class StartupWaitTest {
    private static final String ENDPOINTS = "[http://127.0.0.1:1]";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);

    private final FakeClock clock = new FakeClock();
    private final long start = clock.nanos();
    private final List<Duration> given = new ArrayList<>();

    private StartupWait waitFor(Duration startupTimeout) {
        return new StartupWait(ENDPOINTS, startupTimeout, REQUEST_TIMEOUT, FIRST_DELAY, clock, clock::advance);
    }

    /** An etcd that never answers: each attempt waits all the time it is given. */
    private void hang(Duration timeout) throws TimeoutException {
        given.add(timeout);
        clock.advance(timeout);
        throw new TimeoutException();
    }

    /** A port nobody listens on, as a fast failure. */
    private void refuse(Duration timeout) throws ConnectException {
        given.add(timeout);
        clock.advance(Duration.ofMillis(10));
        throw new ConnectException("Connection refused");
    }

    private Duration elapsed() {
        return Duration.ofNanos(clock.nanos() - start);
    }

    @Test
    void a_startup_timeout_shorter_than_the_request_timeout_cuts_the_first_attempt_short() throws Exception {
        Optional<StartupWait.GaveUp> gaveUp = waitFor(Duration.ofSeconds(1)).await(this::hang);

        assertThat(given).containsExactly(Duration.ofSeconds(1));
        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(gaveUp).get().extracting(StartupWait.GaveUp::reason).asString()
                .contains("etcd at " + ENDPOINTS, "did not answer within PT1S", "1 attempt;", "no answer in time");
        assertThat(gaveUp.get().lastError()).isInstanceOf(TimeoutException.class);
    }

    @Test
    void attempts_and_pauses_together_stay_inside_the_startup_timeout() throws Exception {
        Optional<StartupWait.GaveUp> gaveUp = waitFor(Duration.ofSeconds(3)).await(this::refuse);

        // 0 s, 0.51 s, 1.52 s (pauses of 0.5 s and 1 s); a 2 s pause would end past the deadline
        assertThat(given).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(2490), Duration.ofMillis(1480));
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(gaveUp).get().extracting(StartupWait.GaveUp::reason).asString()
                .contains("did not answer within PT3S", "3 attempts", "ConnectException: Connection refused");
    }

    @Test
    void an_etcd_that_hangs_then_answers_gets_attempts_up_to_the_deadline() throws Exception {
        List<Boolean> answers = new ArrayList<>(List.of(false, false, true));
        Optional<StartupWait.GaveUp> gaveUp = waitFor(Duration.ofSeconds(30)).await(timeout -> {
            if (!answers.remove(0)) {
                hang(timeout);
            }
            given.add(timeout);
        });

        assertThat(gaveUp).isEmpty();
        assertThat(given).as("the request timeout while the deadline is far").containsOnly(REQUEST_TIMEOUT);
        assertThat(elapsed()).isEqualTo(Duration.ofMillis(5_000 + 500 + 5_000 + 1_000));
    }

    @Test
    void the_last_attempt_gets_only_what_is_left_of_the_deadline() throws Exception {
        Optional<StartupWait.GaveUp> gaveUp = waitFor(Duration.ofSeconds(7)).await(this::hang);

        assertThat(given).containsExactly(REQUEST_TIMEOUT, Duration.ofMillis(1_500));
        assertThat(elapsed()).isEqualTo(Duration.ofSeconds(7));
        assertThat(gaveUp).get().extracting(StartupWait.GaveUp::reason).asString().contains("2 attempts");
    }

    @Test
    void an_interrupt_during_an_attempt_ends_the_wait_at_once() {
        StartupWait wait = waitFor(Duration.ofSeconds(30));

        assertThatThrownBy(() -> wait.await(timeout -> {
            throw new InterruptedException("stopping");
        })).isInstanceOf(InterruptedException.class);
    }
}
