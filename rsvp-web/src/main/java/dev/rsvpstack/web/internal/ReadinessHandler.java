package dev.rsvpstack.web.internal;

import dev.rsvpstack.web.ReadinessCheck;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /readyz}: 200 {@code ready} when every check passes, else 503 with one line per failing
 * check ({@code couchbase: queries failing since ...}). Checks answer from state at hand, so a load
 * balancer polling this never adds load on Couchbase or memcached.
 */
public final class ReadinessHandler implements HttpHandler {
    private final Map<String, ReadinessCheck> checks;

    /** @param checks by name, in the order to report them */
    public ReadinessHandler(Map<String, ReadinessCheck> checks) {
        this.checks = checks;
    }

    /** One line per failing check ({@code name: why}), empty when every check passes. */
    public static String problems(Map<String, ReadinessCheck> checks) {
        StringBuilder problems = new StringBuilder();
        checks.forEach((name, check) -> {
            Optional<String> problem;
            try {
                problem = check.notReadyBecause();
            } catch (RuntimeException e) {
                problem = Optional.of("the check failed: " + e);
            }
            problem.ifPresent(why -> problems.append(name).append(": ").append(why).append('\n'));
        });
        return problems.toString();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String problems = problems(checks);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        if (problems.isEmpty()) {
            exchange.getResponseSender().send("ready\n");
        } else {
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.getResponseSender().send(problems);
        }
    }
}
