package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());

    @Test
    void closes_in_reverse_order_of_registration() {
        Closer closer = new Closer("test");
        closer.register("first", () -> closed.add("first"));
        closer.register("second", () -> closed.add("second"));
        closer.register("third", () -> closed.add("third"));

        closer.close();

        assertThat(closed).containsExactly("third", "second", "first");
    }

    @Test
    void a_failing_close_does_not_stop_the_others_and_close_does_not_throw() {
        Closer closer = new Closer("test");
        closer.register("first", () -> closed.add("first"));
        closer.register("broken", () -> {
            throw new IllegalStateException("broken");
        });
        closer.register("third", () -> closed.add("third"));

        closer.close();

        assertThat(closed).containsExactly("third", "first");
    }

    @Test
    void close_after_a_start_failure_adds_each_close_failure_as_suppressed() {
        Closer closer = new Closer("test");
        closer.register("first", () -> closed.add("first"));
        closer.register("broken", () -> {
            throw new IllegalStateException("could not close");
        });
        RuntimeException startFailure = new RuntimeException("could not start");

        RuntimeException thrown = closer.closeAfter(startFailure);

        assertThat(thrown).isSameAs(startFailure);
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("could not close");
        assertThat(closed).containsExactly("first");
    }

    @Test
    void a_step_that_outlasts_its_timeout_is_given_up_and_the_rest_are_still_closed() {
        Closer closer = new Closer("test");
        CountDownLatch never = new CountDownLatch(1);
        closer.register("first", () -> closed.add("first"));
        closer.register("hung", Duration.ofMillis(200), "what the test abandons", () -> {
            closed.add("hung started");
            never.await(); // a server that never answers; the interrupt ends the wait
        });
        closer.register("quick", Duration.ofSeconds(5), "nothing", () -> closed.add("quick"));

        long started = System.nanoTime();
        closer.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(closed).containsExactly("quick", "hung started", "first");
    }

    @Test
    void a_timed_out_step_after_a_start_failure_is_suppressed_as_a_timeout_naming_what_was_given_up() {
        Closer closer = new Closer("test");
        closer.register("hung", Duration.ofMillis(100), "the resign", () -> new CountDownLatch(1).await());

        RuntimeException thrown = closer.closeAfter(new RuntimeException("could not start"));

        assertThat(thrown.getSuppressed()).singleElement()
                .isInstanceOf(java.util.concurrent.TimeoutException.class)
                .extracting(Throwable::getMessage).asString().contains("hung", "100 ms", "given up: the resign");
    }

    @Test
    void a_step_registered_with_a_timeout_that_is_not_positive_is_refused() {
        assertThatThrownBy(() -> new Closer("test").register("x", Duration.ZERO, "y", () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void closing_twice_closes_each_resource_once() {
        Closer closer = new Closer("test");
        closer.register("only", () -> closed.add("only"));

        closer.close();
        closer.close();

        assertThat(closed).containsExactly("only");
    }

    @Test
    void a_resource_registered_after_close_is_closed_at_once_and_refused() {
        Closer closer = new Closer("test");
        closer.close();

        assertThatThrownBy(() -> closer.register("late", () -> closed.add("late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
        assertThat(closed).containsExactly("late");
    }

    @Test
    void register_returns_the_resource() throws Exception {
        Closer closer = new Closer("test");
        AutoCloseable resource = () -> closed.add("resource");

        assertThat(closer.register(resource)).isSameAs(resource);
        closer.close();
        assertThat(closed).containsExactly("resource");
    }
}
