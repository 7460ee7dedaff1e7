package dev.rsvpstack.launchers;

import com.couchbase.client.core.error.TimeoutException;
import dev.rsvpstack.discovery.DiscoveryException;
import java.net.BindException;
import java.util.Optional;

/**
 * The failures an operator should expect at start, each with its exit code and one line that says
 * what to do; everything else is a bug or a surprise and keeps its stack trace.
 */
final class KnownFailures {
    /** @param exitCode one of {@link ExitCodes} */
    record Known(int exitCode, String message) {
    }

    private KnownFailures() {
    }

    static Optional<Known> classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnreadableSecretException) {
                return Optional.of(new Known(ExitCodes.CONFIGURATION, cause.getMessage()));
            }
            if (cause instanceof DiscoveryException) {
                return Optional.of(new Known(ExitCodes.DEPENDENCY_UNAVAILABLE, cause.getMessage()
                        + "; check --etcd-endpoints and that etcd runs (--etcd-startup-timeout sets the wait)"));
            }
            if (cause instanceof TimeoutException) {
                return Optional.of(new Known(ExitCodes.DEPENDENCY_UNAVAILABLE, "Couchbase was not ready in time ("
                        + firstLine(cause.getMessage()) + "); check /services/couchbase/ in etcd and the bucket"));
            }
            if (cause instanceof BindException) {
                return Optional.of(new Known(ExitCodes.PORT_IN_USE, "cannot listen: " + cause.getMessage()
                        + "; another process holds the port, choose another with the subcommand's --port option"));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int end = text.indexOf(' ', Math.min(text.length(), 120));
        String line = text.lines().findFirst().orElse("");
        return end > 0 && line.length() > 120 ? line.substring(0, end) + " ..." : line;
    }
}
