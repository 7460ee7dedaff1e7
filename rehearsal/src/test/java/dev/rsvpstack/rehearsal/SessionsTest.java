package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionsTest {
    @Test
    void the_session_id_is_between_s_colon_and_the_last_dot_of_the_decoded_cookie() {
        assertThat(SessionCookie.id("s%3AaBc-12_x.SIGNATURE%2Bslash")).isEqualTo("aBc-12_x");
        assertThat(SessionCookie.id("unsigned")).isEqualTo("unsigned");
    }

    @Test
    void only_connect_sid_is_taken_from_set_cookie() {
        assertThat(SessionCookie.fromSetCookie("connect.sid=s%3Aid.sig; Path=/; HttpOnly")).contains("s%3Aid.sig");
        assertThat(SessionCookie.fromSetCookie("other=1; Path=/")).isEmpty();
    }

    @Test
    void counts_per_node_and_missing() {
        assertThat(SessionsCommands.counts(List.of("a", "b", "c", "d"), Map.of("a", 1, "b", 3, "c", 3), 3))
                .isEqualTo("node1=1 node2=0 node3=2 missing=1");
    }
}
