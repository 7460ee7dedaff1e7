package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {
    // npm cookie-signature: sign('abc', 'keyboard cat'), percent-encoded as express-session sends it
    private static final String NODE_COOKIE = "connect.sid=s%3Aabc.BpxCrWRpvZMh%2Fwk%2Fdjl34N%2Bm%2BVQEU7K%2F5WenLwJCgFU";
    private final SessionCookies cookies = SessionCookies.of(SessionSettings.builder("keyboard cat").build());

    @Test
    void reads_the_id_from_a_cookie_express_session_signed() {
        assertThat(cookies.sessionId(List.of("theme=dark; " + NODE_COOKIE))).contains("abc");
        assertThat(cookies.present(List.of(NODE_COOKIE))).isTrue();
    }

    @Test
    void writes_the_header_express_session_writes() {
        assertThat(cookies.setCookie("abc", Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(
                NODE_COOKIE + "; Path=/; Expires=Tue, 1 Jan 2030 00:00:00 GMT; HttpOnly; SameSite=Lax");
    }

    @Test
    void a_tampered_or_foreign_cookie_gives_no_id() {
        assertThat(cookies.sessionId(List.of(NODE_COOKIE.replace("abc", "abd")))).isEmpty();
        assertThat(SessionCookies.of(SessionSettings.builder("other").build()).sessionId(List.of(NODE_COOKIE))).isEmpty();
        assertThat(cookies.sessionId(List.of("other=1"))).isEmpty();
        assertThat(cookies.present(List.of("other=1"))).isFalse();
    }
}
