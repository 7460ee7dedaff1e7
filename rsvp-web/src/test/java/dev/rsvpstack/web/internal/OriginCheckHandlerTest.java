package dev.rsvpstack.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginCheckHandlerTest {
    @Test
    void same_host_and_port_as_the_request_is_same_origin_whatever_the_case() {
        assertThat(OriginCheckHandler.permitted("http://127.0.0.1:3000", "127.0.0.1:3000", List.of())).isTrue();
        assertThat(OriginCheckHandler.permitted("http://RSVP.example.com", "rsvp.example.com", List.of())).isTrue();
        assertThat(OriginCheckHandler.permitted("https://rsvp.example.com", "rsvp.example.com:443", List.of())).isTrue();
    }

    @Test
    void another_host_or_port_is_not_same_origin() {
        assertThat(OriginCheckHandler.permitted("http://evil.example", "rsvp.example.com", List.of())).isFalse();
        assertThat(OriginCheckHandler.permitted("http://127.0.0.1:3001", "127.0.0.1:3000", List.of())).isFalse();
        assertThat(OriginCheckHandler.permitted("http://rsvp.example.com.evil.example", "rsvp.example.com", List.of()))
                .isFalse();
    }

    @Test
    void null_and_malformed_origins_are_refused() {
        assertThat(OriginCheckHandler.permitted("null", "127.0.0.1:3000", List.of())).isFalse();
        assertThat(OriginCheckHandler.permitted("file://", "127.0.0.1:3000", List.of())).isFalse();
        assertThat(OriginCheckHandler.permitted("http://[::1", "127.0.0.1:3000", List.of())).isFalse();
        assertThat(OriginCheckHandler.permitted("http://127.0.0.1:3000", "127.0.0.1:x", List.of())).isFalse();
    }

    @Test
    void an_allowed_origin_passes_from_any_host() {
        List<String> allowed = List.of("https://rsvp.example.com");
        assertThat(OriginCheckHandler.permitted("https://rsvp.example.com", "10.0.0.5:3000", allowed)).isTrue();
        assertThat(OriginCheckHandler.permitted("http://rsvp.example.com", "10.0.0.5:3000", allowed)).isFalse();
    }
}
