package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Records encrypted by the real kruptein 3.1 as connect-memcached configures it
 * (src/test/node/kruptein-vectors.js), decrypted here; and this side's records read back. That Node
 * reads this side's records is ExpressInteropIT's job.
 */
class KrupteinCipherTest {
    private static final JsonNode VECTORS = load();
    private static final String SECRET = VECTORS.get("secret").asText();

    @Test
    void records_encrypted_by_connect_memcached_decrypt_to_their_json() {
        KrupteinCipher cipher = new KrupteinCipher(SECRET);
        for (JsonNode record : VECTORS.get("records")) {
            byte[] plaintext = cipher.decrypt(record.get("stored").asText().getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(record.get("plaintext").asText());
        }
        assertThat(VECTORS.get("records")).hasSizeGreaterThan(30);
    }

    @Test
    void a_record_written_here_reads_back_on_another_instance_with_the_same_secret() {
        byte[] stored = new KrupteinCipher(SECRET).encrypt("{\"cookie\":{},\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(KrupteinCipher.looksEncrypted(stored)).isTrue();
        assertThat(new String(new KrupteinCipher(SECRET).decrypt(stored), StandardCharsets.UTF_8))
                .isEqualTo("{\"cookie\":{},\"a\":\"é\"}");
    }

    @Test
    void another_secret_is_refused_with_a_reason() {
        String stored = VECTORS.get("records").get(0).get("stored").asText();
        assertThatThrownBy(() -> new KrupteinCipher("Other-Secret-42!!").decrypt(stored.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(UndecryptableRecordException.class).hasMessageContaining("HMAC");
    }

    @Test
    void plain_json_and_garbage_are_refused_not_thrown_through() {
        KrupteinCipher cipher = new KrupteinCipher(SECRET);
        assertThat(KrupteinCipher.looksEncrypted("{\"cookie\":{}}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThatThrownBy(() -> cipher.decrypt("{\"cookie\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UndecryptableRecordException.class);
        assertThatThrownBy(() -> cipher.decrypt("MIIB!!!".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(UndecryptableRecordException.class);
    }

    @Test
    void a_changed_ciphertext_fails_the_check() {
        byte[] stored = new KrupteinCipher(SECRET).encrypt("{\"cookie\":{}}".getBytes(StandardCharsets.UTF_8));
        stored[stored.length / 2] = (byte) (stored[stored.length / 2] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> new KrupteinCipher(SECRET).decrypt(stored)).isInstanceOf(UndecryptableRecordException.class);
    }

    private static JsonNode load() {
        try (InputStream in = KrupteinCipherTest.class.getResourceAsStream("/npm/kruptein-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
