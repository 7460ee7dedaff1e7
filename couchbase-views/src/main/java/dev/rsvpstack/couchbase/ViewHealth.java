package dev.rsvpstack.couchbase;

import java.time.Instant;
import java.util.Optional;

/**
 * How the view queries of a connection fare, from what is at hand (asking never calls the server).
 *
 * @param state  no query yet, the last query succeeded, or queries fail
 * @param since  when the state began ({@code null} while {@link State#NO_QUERY_YET})
 * @param reason why the queries fail ({@code null} otherwise)
 */
public record ViewHealth(State state, Instant since, String reason) {
    /** Where a connection's queries stand. */
    public enum State {
        NO_QUERY_YET, OK, FAILING
    }

    public static final ViewHealth NO_QUERY_YET = new ViewHealth(State.NO_QUERY_YET, null, null);

    public boolean isOk() {
        return state == State.OK;
    }

    /** Empty when ok; otherwise one line for a readiness endpoint. */
    public Optional<String> problem() {
        return switch (state) {
            case OK -> Optional.empty();
            case NO_QUERY_YET -> Optional.of("no view query has succeeded yet");
            case FAILING -> Optional.of("view queries failing since " + since + ": " + reason);
        };
    }
}
