package dev.rsvpstack.web;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One condition of {@code /readyz}. It is called on every request to {@code /readyz}, so it must
 * answer from state at hand (a flag, a list), never by calling a remote server.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /** Empty when ready; otherwise why not, in one line an operator can act on. */
    Optional<String> notReadyBecause();

    /** Ready while {@code items} (for example the known memcached nodes) is not empty. */
    static ReadinessCheck nonEmpty(Supplier<? extends Collection<?>> items, String whenEmpty) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(whenEmpty, "whenEmpty");
        return () -> {
            Collection<?> now = items.get();
            return now == null || now.isEmpty() ? Optional.of(whenEmpty) : Optional.empty();
        };
    }
}
