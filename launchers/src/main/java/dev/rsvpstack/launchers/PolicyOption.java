package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.RestartPolicy;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --policy}: what a subcommand does when a service it uses moves. */
final class PolicyOption {
    @Option(names = "--policy", defaultValue = "${env:RSVP_POLICY:-reload}",
            description = "When a service it uses moves (Couchbase; for web also memcached): reload (reconfigure "
                    + "in process, no client dropped) or exit (exit 0 for systemd to restart, the book's way) "
                    + "(env RSVP_POLICY; default ${DEFAULT-VALUE}).")
    String value;

    /** @throws IllegalArgumentException naming the option and the accepted values */
    RestartPolicy policy() {
        try {
            return RestartPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--policy must be reload or exit, was '" + value + "'");
        }
    }
}
