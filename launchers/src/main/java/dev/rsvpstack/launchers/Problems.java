package dev.rsvpstack.launchers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every configuration problem of one start, so the operator fixes them all in one go instead of
 * meeting them one at a time. Each check runs on its own; a failed one yields {@code null} and its
 * message, and the command does not run while any is recorded.
 */
final class Problems {
    private final List<String> messages = new ArrayList<>();

    /** The value of {@code check}, or {@code null} after recording its IllegalArgumentException. */
    <T> T check(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            add(e.getMessage());
            return null;
        }
    }

    void check(Runnable check) {
        check(() -> {
            check.run();
            return null;
        });
    }

    void add(String message) {
        if (!messages.contains(message)) {
            messages.add(message);
        }
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** One message naming every problem, one per line. */
    String summary() {
        if (messages.size() == 1) {
            return "invalid configuration: " + messages.get(0);
        }
        StringBuilder text = new StringBuilder("invalid configuration (" + messages.size() + " problems):");
        messages.forEach(message -> text.append(System.lineSeparator()).append("  - ").append(message));
        return text.toString();
    }
}
