package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.Debounce;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final Debounce ONE_S_QUIET_FIVE_S_MAX = new Debounce(Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void a_lone_change_waits_the_quiet_period() {
        assertThat(Debouncer.delayNanos(ONE_S_QUIET_FIVE_S_MAX, 0, 0)).isEqualTo(SECOND);
    }

    @Test
    void a_later_change_restarts_the_quiet_period() {
        assertThat(Debouncer.delayNanos(ONE_S_QUIET_FIVE_S_MAX, 0, 2 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void a_flapping_key_is_delivered_no_later_than_the_maximum_wait() {
        assertThat(Debouncer.delayNanos(ONE_S_QUIET_FIVE_S_MAX, 0, 4_500_000_000L)).isEqualTo(500_000_000L);
        assertThat(Debouncer.delayNanos(ONE_S_QUIET_FIVE_S_MAX, 0, 6 * SECOND)).isZero();
    }

    @Test
    void twenty_changes_in_a_burst_fire_at_most_twice() {
        Debouncer debouncer = new Debouncer(new Debounce(Duration.ofMillis(200), Duration.ofSeconds(2)), executor,
                System::nanoTime, fired::incrementAndGet);

        for (int i = 0; i < 20; i++) {
            executor.execute(debouncer::changed);
        }

        // the first at once (leading edge), the rest folded into one after the quiet period (or all in the first)
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() >= 1 && !executor.submit(debouncer::isPending).get());
        int settled = fired.get();
        assertThat(settled).isBetween(1, 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fired.get() == settled);
    }

    /** An hour's quiet period: a delivery within the test's seconds can only be the leading one. */
    private static final Debounce ONE_HOUR_QUIET = new Debounce(Duration.ofHours(1), Duration.ofHours(2));
    private final AtomicLong fakeNanos = new AtomicLong();
    private final AtomicInteger fired = new AtomicInteger();

    private Debouncer leadingTestDebouncer(Debounce settings) {
        return new Debouncer(settings, executor, fakeNanos::get, fired::incrementAndGet);
    }

    private void changeOnItsThread(Debouncer debouncer, int times) throws Exception {
        executor.submit(() -> {
            for (int i = 0; i < times; i++) {
                debouncer.changed();
            }
        }).get();
    }

    @Test
    void a_change_after_a_quiet_period_is_delivered_at_once() throws Exception {
        Debouncer debouncer = leadingTestDebouncer(ONE_HOUR_QUIET);

        changeOnItsThread(debouncer, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
    }

    @Test
    void changes_of_one_watch_response_go_with_the_leading_delivery() throws Exception {
        Debouncer debouncer = leadingTestDebouncer(ONE_HOUR_QUIET);

        changeOnItsThread(debouncer, 3); // three events handled in one task, as one watch response is

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
        assertThat(debouncer.isPending()).isFalse();
    }

    @Test
    void a_change_within_the_quiet_period_after_a_delivery_waits() throws Exception {
        Debouncer debouncer = leadingTestDebouncer(ONE_HOUR_QUIET);
        changeOnItsThread(debouncer, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);

        fakeNanos.addAndGet(Duration.ofMinutes(59).toNanos());
        changeOnItsThread(debouncer, 1);

        assertThat(debouncer.isPending()).isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> fired.get() == 1);
    }

    @Test
    void a_change_a_quiet_period_after_the_last_delivery_is_delivered_at_once_again() throws Exception {
        Debouncer debouncer = leadingTestDebouncer(ONE_HOUR_QUIET);
        changeOnItsThread(debouncer, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);

        fakeNanos.addAndGet(Duration.ofHours(1).toNanos());
        changeOnItsThread(debouncer, 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 2);
    }

    @Test
    void a_key_flapping_after_the_leading_delivery_is_folded_until_it_is_quiet() throws Exception {
        Debouncer debouncer = leadingTestDebouncer(new Debounce(Duration.ofMillis(300), Duration.ofSeconds(5)));
        changeOnItsThread(debouncer, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);

        for (int i = 0; i < 10; i++) { // ten changes 10 ms apart by the clock, each within the quiet period
            fakeNanos.addAndGet(Duration.ofMillis(10).toNanos());
            changeOnItsThread(debouncer, 1);
        }

        // one trailing delivery for the ten, once they have been quiet for the period
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 2);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> fired.get() == 2);
    }

    @Test
    void debounce_off_fires_at_every_change() {
        Debouncer debouncer = new Debouncer(Debounce.OFF, executor, System::nanoTime, fired::incrementAndGet);

        debouncer.changed();
        debouncer.changed();

        assertThat(fired).hasValue(2);
    }
}
