package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Decoding as Node does, against vectors written by Node (src/test/node/utf8-vectors.js). */
class JsUtf8Test {
    @Test
    void invalid_utf8_is_replaced_as_node_replaces_it() throws IOException {
        JsonNode vectors;
        try (InputStream in = JsUtf8Test.class.getResourceAsStream("/npm/utf8-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        HexFormat hex = HexFormat.of();
        for (JsonNode testCase : vectors.get("cases")) {
            String decoded = JsUtf8.decode(hex.parseHex(testCase.get("input").asText()));
            assertThat(hex.formatHex(decoded.getBytes(StandardCharsets.UTF_8))).as(testCase.get("input").asText())
                    .isEqualTo(testCase.get("output").asText());
        }
        assertThat(vectors.get("cases")).hasSizeGreaterThan(300);
    }

    @Test
    void an_encoded_surrogate_is_two_replacements_where_java_makes_one() {
        byte[] surrogate = {(byte) 0xED, (byte) 0xAF, (byte) 0xFB};
        assertThat(JsUtf8.decode(surrogate)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(new String(surrogate, StandardCharsets.UTF_8)).isNotEqualTo(JsUtf8.decode(surrogate));
    }
}
