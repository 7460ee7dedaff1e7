package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RsvpParserTest {
    private final RsvpParser parser = new RsvpParser(new ObjectMapper());

    @Test
    void valid_message_keeps_its_whole_text_and_is_keyed_by_rsvp_id() throws InvalidRsvpException {
        String text = "{\"rsvp_id\":1658874890,\"mtime\":1489925470960,\"event\":{\"event_id\":\"abc1\"},"
                + "\"member\":{\"member_name\":\"Zoë\"}}";

        RsvpMessage rsvp = parser.parse(text);

        assertThat(rsvp.rsvpId()).isEqualTo(1658874890L);
        assertThat(rsvp.mtime()).isEqualTo(1489925470960L);
        assertThat(rsvp.json()).isEqualTo(text);
        assertThat(rsvp.documentKey()).isEqualTo("rsvp::1658874890");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                 | {\"rsvp_id\": 1,                                   | not JSON",
        "an array                 | [1,2]                                              | not a JSON object",
        "no rsvp_id               | {\"mtime\":1,\"event\":{}}                         | rsvp_id",
        "string rsvp_id           | {\"rsvp_id\":\"7\",\"mtime\":1,\"event\":{}}       | rsvp_id",
        "fractional rsvp_id       | {\"rsvp_id\":7.5,\"mtime\":1,\"event\":{}}         | rsvp_id",
        "no mtime                 | {\"rsvp_id\":7,\"event\":{}}                       | mtime",
        "event not an object      | {\"rsvp_id\":7,\"mtime\":1,\"event\":\"e\"}        | event",
        "no event                 | {\"rsvp_id\":7,\"mtime\":1}                        | event"})
    void invalid_message_is_rejected_naming_the_field(String description, String text, String named) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(InvalidRsvpException.class)
                .hasMessageContaining(named.trim());
    }
}
