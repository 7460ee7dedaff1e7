package dev.rsvpstack.launchers;

/**
 * A subcommand whose options are checked as a whole before it runs: {@link #validate} records every
 * problem (and keeps what it built for {@code call()}), so one message can name them all, together
 * with the errors picocli found while parsing.
 */
interface Validated {
    void validate(Problems problems);
}
