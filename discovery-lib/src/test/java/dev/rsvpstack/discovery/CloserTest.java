package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> closed = new ArrayList<>();

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
