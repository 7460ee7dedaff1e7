package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The book's proof that sessions work: a first visit gets the cookie, even from a handler that never reads it. */
class UndertowNewSessionIT {
    @Test
    void save_uninitialized_sets_the_cookie_on_a_first_visit_to_a_handler_that_ignores_the_session()
            throws Exception {
        Sessions sessions = Sessions.builder(SessionStores.inMemory(),
                SessionSettings.builder("test secret").saveUninitialized(true).build()).build();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(new SessionHandler(sessions, exchange -> exchange.getResponseSender().send("page")))
                .build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpResponse<String> first = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(first.body()).isEqualTo("page");
            assertThat(first.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                    assertThat(cookie).startsWith("connect.sid=s%3A"));
        } finally {
            server.stop();
        }
    }
}
