package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SetCookieTest {
    @Test
    void encode_leaves_what_encodeURIComponent_leaves() {
        String unreserved = "abcxyzABCXYZ0189-_.!~*'()";
        assertThat(SetCookie.encode(unreserved)).isEqualTo(unreserved);
    }

    @Test
    void encode_escapes_a_signed_value_as_express_session_does() {
        // node -e 'console.log(encodeURIComponent("s:abc.x+y/z="))'
        assertThat(SetCookie.encode("s:abc.x+y/z=")).isEqualTo("s%3Aabc.x%2By%2Fz%3D");
    }

    @Test
    void encode_escapes_reserved_ascii_in_upper_case_hex() {
        assertThat(SetCookie.encode(" \"#$%&,;<>?@[]^`{|}\u007f"))
                .isEqualTo("%20%22%23%24%25%26%2C%3B%3C%3E%3F%40%5B%5D%5E%60%7B%7C%7D%7F");
    }

    @Test
    void encode_escapes_non_ascii_as_its_utf8_bytes() {
        // node -e 'console.log(encodeURIComponent("é€😀x"))'
        assertThat(SetCookie.encode("é€\uD83D\uDE00x")).isEqualTo("%C3%A9%E2%82%AC%F0%9F%98%80x");
    }
}
