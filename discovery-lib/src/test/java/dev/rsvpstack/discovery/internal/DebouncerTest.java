package dev.rsvpstack.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.Debounce;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    void twenty_changes_in_a_burst_fire_once() {
        AtomicInteger fired = new AtomicInteger();
        Debouncer debouncer = new Debouncer(new Debounce(Duration.ofMillis(200), Duration.ofSeconds(2)), executor,
                System::nanoTime, fired::incrementAndGet);

        for (int i = 0; i < 20; i++) {
            executor.execute(debouncer::changed);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> fired.get() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> fired.get() == 1);
    }

    @Test
    void debounce_off_fires_at_every_change() {
        AtomicInteger fired = new AtomicInteger();
        Debouncer debouncer = new Debouncer(Debounce.OFF, executor, System::nanoTime, fired::incrementAndGet);

        debouncer.changed();
        debouncer.changed();

        assertThat(fired).hasValue(2);
    }
}
