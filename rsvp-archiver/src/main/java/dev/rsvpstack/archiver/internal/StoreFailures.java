package dev.rsvpstack.archiver.internal;

import com.couchbase.client.core.error.InvalidArgumentException;
import com.couchbase.client.core.error.ValueTooLargeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Which store failures retrying can cure (timeouts, a server away) and which it cannot (a bad document). */
final class StoreFailures {
    private StoreFailures() {
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static boolean permanent(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof ValueTooLargeException || cause instanceof InvalidArgumentException;
    }
}
