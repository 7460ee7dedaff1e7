package dev.rsvpstack.discovery.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns the wrapped exceptions of futures into the one line a log needs. */
final class Failures {
    private Failures() {
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
