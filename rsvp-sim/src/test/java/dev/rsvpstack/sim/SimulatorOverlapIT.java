package dev.rsvpstack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's one-connection rule on real sockets: overlap measured on /status, strict refusal. */
class SimulatorOverlapIT {
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private RsvpSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private RsvpSimulator start(boolean strict) {
        return start(new SimulatorSettings("127.0.0.1", 0, 50, 1_000, 0, strict));
    }

    private RsvpSimulator start(SimulatorSettings settings) {
        simulator = RsvpSimulator.start(settings, new RsvpGenerator(mapper, Clock.systemUTC(), 1, 1));
        return simulator;
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(simulator.statusUri()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private WebSocket connect(AtomicInteger received) {
        return connect(simulator.uri(), received);
    }

    private WebSocket observe(AtomicInteger received) {
        return connect(URI.create(simulator.uri() + "?observer=true"), received);
    }

    private WebSocket connect(URI uri, AtomicInteger received) {
        return http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.incrementAndGet();
                socket.request(1);
                return null;
            }
        }).join();
    }

    @Test
    void two_connections_open_together_are_measured_as_overlap_until_one_closes() throws Exception {
        start(false);
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        WebSocket a = connect(first);
        await().until(() -> status().path("clients").asInt() == 1);
        assertThat(status().path("overlapMillis").asLong()).isZero();

        WebSocket b = connect(second);
        await().until(() -> status().path("overlapMillis").asLong() > 0);
        b.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await().until(() -> status().path("clients").asInt() == 1);
        long overlap = status().path("overlapMillis").asLong();

        await().until(() -> first.get() > 0 && second.get() > 0);
        await().during(Duration.ofMillis(300)).until(() -> status().path("overlapMillis").asLong() == overlap);
        JsonNode status = status();
        assertThat(status.path("overlapEpisodes").asLong()).isEqualTo(1);
        assertThat(status.path("maxConcurrentClients").asInt()).isEqualTo(2);
        assertThat(status.path("refusedConnections").asLong()).isZero();
        a.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void a_client_that_answers_no_ping_is_dropped_and_a_live_one_stays() throws Exception {
        start(new SimulatorSettings("127.0.0.1", 0, 50, 1_000, 0, false).withClientTimeout(Duration.ofMillis(400)));
        AtomicInteger live = new AtomicInteger();
        WebSocket answering = connect(live);
        // A frozen process: it never asks for a frame, so it never sees (or answers) a ping.
        WebSocket frozen = http.newWebSocketBuilder().buildAsync(simulator.uri(), new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                // no request(1): nothing is read from now on
            }
        }).join();
        await().until(() -> status().path("maxConcurrentClients").asInt() == 2);

        await().until(() -> status().path("clients").asInt() == 1);

        int before = live.get();
        await().until(() -> live.get() > before);
        assertThat(status().path("overlapEpisodes").asLong()).isEqualTo(1);
        answering.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        frozen.abort();
    }

    @Test
    void strict_mode_refuses_a_second_concurrent_connection_at_the_upgrade() throws Exception {
        start(true);
        AtomicInteger first = new AtomicInteger();
        WebSocket a = connect(first);
        await().until(() -> status().path("clients").asInt() == 1);

        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> connect(new AtomicInteger()));
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(409);

        int before = first.get();
        await().until(() -> first.get() > before); // the first connection keeps streaming
        a.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await().until(() -> status().path("clients").asInt() == 0);
        WebSocket again = connect(new AtomicInteger()); // admitted once the first is gone
        await().until(() -> status().path("clients").asInt() == 1);

        JsonNode status = status();
        assertThat(status.path("refusedConnections").asLong()).isEqualTo(1);
        assertThat(status.path("overlapMillis").asLong()).isZero();
        assertThat(status.path("strict").asBoolean()).isTrue();
        again.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void an_observer_gets_the_stream_beside_the_one_consumer_without_overlap_or_refusal_in_strict_mode()
            throws Exception {
        start(true);
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger observed = new AtomicInteger();
        WebSocket consumer = connect(consumed);
        await().until(() -> status().path("clients").asInt() == 1);

        WebSocket observer = observe(observed);
        await().until(() -> status().path("observers").asInt() == 1);
        await().until(() -> consumed.get() > 0 && observed.get() > 0);
        consumer.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await().until(() -> status().path("clients").asInt() == 0);
        WebSocket next = connect(new AtomicInteger()); // the next consumer, with the observer still there
        await().until(() -> status().path("clients").asInt() == 1);

        JsonNode status = status();
        assertThat(status.path("observers").asInt()).isEqualTo(1);
        assertThat(status.path("overlapMillis").asLong()).isZero();
        assertThat(status.path("overlapEpisodes").asLong()).isZero();
        assertThat(status.path("refusedConnections").asLong()).isZero();
        assertThat(status.path("maxConcurrentClients").asInt()).isEqualTo(1);
        next.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        observer.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        await().until(() -> status().path("observers").asInt() == 0);
    }
}
