package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.SessionCookie;
import dev.rsvpstack.session.SessionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionCodecTest {
    private final SessionCodec codec = new SessionCodec(new ObjectMapper());

    @Test
    void reads_a_record_written_by_express_session() {
        String json = "{\"cookie\":{\"originalMaxAge\":3600000,\"expires\":\"2030-01-02T03:04:05.678Z\",\"secure\":false,"
                + "\"httpOnly\":true,\"path\":\"/\",\"sameSite\":\"lax\"},\"views\":3,\"user\":{\"name\":\"ann\"}}";
        SessionRecord record = codec.decode("abc", json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertThat(record.cookie()).isEqualTo(new SessionCookie(Duration.ofHours(1),
                Instant.parse("2030-01-02T03:04:05.678Z"), false, true, null, "/", "lax"));
        assertThat(record.attributes()).containsEntry("views", 3).containsEntry("user", Map.of("name", "ann"));
    }

    @Test
    void writes_the_cookie_member_first_with_javascript_dates() {
        SessionRecord record = new SessionRecord("abc", new SessionCookie(null, null, false, true, null, "/", "lax"),
                Map.of("list", List.of(1, "two")));
        assertThat(new String(codec.encode(record), StandardCharsets.UTF_8)).isEqualTo(
                "{\"cookie\":{\"originalMaxAge\":null,\"secure\":false,\"httpOnly\":true,\"path\":\"/\","
                        + "\"sameSite\":\"lax\"},\"list\":[1,\"two\"]}");
        SessionRecord dated = record.withCookie(record.cookie().withLifetime(Duration.ofSeconds(5),
                Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(new String(codec.encode(dated), StandardCharsets.UTF_8))
                .contains("\"originalMaxAge\":5000,\"expires\":\"2030-01-01T00:00:00.000Z\"");
        assertThat(codec.decode("abc", codec.encode(dated))).contains(dated);
    }

    @Test
    void a_stored_value_that_is_not_a_session_record_is_missing() {
        for (String bad : List.of("not json", "[1,2]", "{\"views\":1}", "{\"cookie\":3}", "", "null",
                "{\"cookie\":{\"expires\":\"yesterday\"}}", "{\"cookie\":{}")) {
            assertThat(codec.decode("abc", bad.getBytes(StandardCharsets.UTF_8))).as(bad).isEmpty();
        }
    }
}
