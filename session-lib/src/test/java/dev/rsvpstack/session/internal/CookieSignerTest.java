package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CookieSignerTest {
    // computed by npm cookie-signature: sign('abc', 'keyboard cat')
    private static final String NODE_SIGNED = "s:abc.BpxCrWRpvZMh/wk/djl34N+m+VQEU7K/5WenLwJCgFU";

    @Test
    void signs_exactly_as_express_session_does() {
        assertThat(new CookieSigner(List.of("keyboard cat")).sign("abc")).isEqualTo(NODE_SIGNED);
    }

    @Test
    void accepts_a_cookie_signed_by_any_configured_secret() {
        CookieSigner rotated = new CookieSigner(List.of("new secret", "keyboard cat"));
        assertThat(rotated.unsign(NODE_SIGNED)).contains("abc");
        assertThat(rotated.sign("abc")).isNotEqualTo(NODE_SIGNED); // the first secret signs
        assertThat(rotated.unsign(rotated.sign("abc"))).contains("abc");
    }

    @Test
    void rejects_a_tampered_id_or_signature() {
        CookieSigner signer = new CookieSigner(List.of("keyboard cat"));
        assertThat(signer.unsign("s:abd.BpxCrWRpvZMh/wk/djl34N+m+VQEU7K/5WenLwJCgFU")).isEmpty();
        assertThat(signer.unsign("s:abc.BpxCrWRpvZMh/wk/djl34N+m+VQEU7K/5WenLwJCgFV")).isEmpty();
        assertThat(signer.unsign("s:abc.")).isEmpty();
        assertThat(signer.unsign("s:abc")).isEmpty();
    }

    @Test
    void rejects_unsigned_foreign_secret_and_oversized_values() {
        CookieSigner signer = new CookieSigner(List.of("other secret"));
        assertThat(signer.unsign(NODE_SIGNED)).isEmpty();
        assertThat(signer.unsign("abc")).isEmpty();
        assertThat(signer.unsign("s:" + "a".repeat(8192) + ".x")).isEmpty();
        assertThat(signer.unsign(null)).isEmpty();
    }

    @Test
    void rejects_a_validly_signed_value_that_is_no_session_id() {
        CookieSigner signer = new CookieSigner(List.of("k"));
        assertThat(signer.unsign(signer.sign("has space"))).isEmpty();
    }
}
