package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A session id must be a cookie value and a memcached key: 1 to 200 printable ASCII characters, some excluded. */
class SessionRecordIdTest {
    @Test
    void express_session_ids_and_every_allowed_character_are_valid() {
        // uid-safe, as express-session makes them
        assertThat(SessionRecord.isValidId("sQ2z8Zq4lQyJ0n6mS1x-_Vb3tY7wR9eK")).isTrue();
        StringBuilder allowed = new StringBuilder();
        for (char c = 0x21; c <= 0x7e; c++) {
            if ("\"%,;\\".indexOf(c) < 0) {
                allowed.append(c);
            }
        }
        assertThat(SessionRecord.isValidId(allowed.toString())).isTrue();
        assertThat(SessionRecord.isValidId("x".repeat(200))).isTrue();
    }

    @Test
    void empty_too_long_spaced_quoted_separated_escaped_or_non_ascii_ids_are_rejected() {
        for (String bad : new String[] {"", "x".repeat(201), "a b", "a\"b", "a%b", "a,b", "a;b", "a\\b", "a\u007fb",
                "a\tb", "zürich"}) {
            assertThat(SessionRecord.isValidId(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> SessionRecord.requireValidId(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a session id");
        }
        assertThat(SessionRecord.isValidId(null)).isFalse();
    }
}
