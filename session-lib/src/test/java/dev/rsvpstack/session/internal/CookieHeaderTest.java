package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {
    @Test
    void finds_the_url_encoded_session_cookie_among_others() {
        assertThat(CookieHeader.find("a=1; connect.sid=s%3Aabc.x%2By%2Fz; b=2", "connect.sid"))
                .isEqualTo("s:abc.x+y/z");
    }

    @Test
    void the_first_of_two_cookies_with_the_name_wins_like_npm_cookie() {
        assertThat(CookieHeader.find("connect.sid=first; connect.sid=second", "connect.sid")).isEqualTo("first");
    }

    @Test
    void malformed_pairs_are_skipped_not_fatal() {
        String header = ";;=;novalue; =x; ; connect.sid = \"quoted\" ;trailing";
        assertThat(CookieHeader.find(header, "connect.sid")).isEqualTo("quoted");
        assertThat(CookieHeader.find("garbage without pairs", "connect.sid")).isNull();
        assertThat(CookieHeader.find("", "connect.sid")).isNull();
    }

    @Test
    void an_invalid_percent_escape_leaves_the_value_as_sent() {
        assertThat(CookieHeader.find("connect.sid=s%3Aab%zz", "connect.sid")).isEqualTo("s%3Aab%zz");
        assertThat(CookieHeader.find("connect.sid=%E0%A4%A", "connect.sid")).isEqualTo("%E0%A4%A");
        assertThat(CookieHeader.find("connect.sid=%FF", "connect.sid")).isEqualTo("%FF");
    }

    @Test
    void only_ascii_hex_digits_make_an_escape_as_in_javascript() {
        // decodeURIComponent("%\u0663\u0663") throws (Arabic-Indic digits are not hex): the value stays as sent
        assertThat(CookieHeader.decode("s%\u0663\u0663")).isEqualTo("s%\u0663\u0663");
        assertThat(CookieHeader.decode("%4a%4A")).isEqualTo("JJ");
    }

    @Test
    void utf8_escapes_and_raw_non_ascii_decode_together() {
        // node -e 'console.log(decodeURIComponent("s%3A%C3%A9ü%E2%82%AC"))'
        assertThat(CookieHeader.decode("s%3A%C3%A9\u00fc%E2%82%AC")).isEqualTo("s:\u00e9\u00fc\u20ac");
        assertThat(CookieHeader.decode("%C3")).isEqualTo("%C3");
    }

    @Test
    void the_name_is_matched_after_trimming_and_exactly() {
        assertThat(CookieHeader.find("connect.sidx=1; xconnect.sid=2;\tconnect.sid\t=3", "connect.sid")).isEqualTo("3");
        assertThat(CookieHeader.find("CONNECT.SID=1", "connect.sid")).isNull();
    }

    @Test
    void finds_the_cookie_behind_fifty_others_and_in_a_second_header() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "c" + i + "=" + i).collect(Collectors.joining("; "));
        assertThat(CookieHeader.find(fifty + "; connect.sid=x", "connect.sid")).isEqualTo("x");
        assertThat(CookieHeader.find(List.of(fifty, "connect.sid=y"), "connect.sid")).isEqualTo("y");
        assertThat(CookieHeader.find((Iterable<String>) null, "connect.sid")).isNull();
    }

    @Test
    void set_cookie_values_are_encoded_as_encode_uri_component_does() {
        assertThat(SetCookie.encode("s:abc.x+y/z=")).isEqualTo("s%3Aabc.x%2By%2Fz%3D");
        assertThat(SetCookie.encode("plain-_.!~*'()")).isEqualTo("plain-_.!~*'()");
        assertThat(CookieHeader.decode(SetCookie.encode("s:é ü"))).isEqualTo("s:é ü");
    }
}
