package dev.rsvpstack.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.sim.RsvpGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RsvpGeneratorTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void every_rsvp_has_the_meetup_shape_and_passes_the_archivers_validation() throws Exception {
        RsvpGenerator generator = new RsvpGenerator(mapper, clock, 42, 1000);
        RsvpParser parser = new RsvpParser(mapper);

        for (int i = 0; i < 500; i++) {
            String text = generator.next();
            parser.parse(text);
            JsonNode rsvp = mapper.readTree(text);
            assertThat(rsvp.get("mtime").asLong()).isEqualTo(clock.millis());
            assertThat(rsvp.get("response").asText()).isIn("yes", "no");
            assertThat(rsvp.at("/member/member_name").asText()).isNotBlank();
            assertThat(rsvp.at("/event/event_id").isTextual()).isTrue();
            assertThat(rsvp.at("/event/event_url").asText()).startsWith("https://");
            assertThat(rsvp.at("/group/group_topics").size()).isPositive();
        }
    }

    @Test
    void ids_count_up_without_repeats() throws InvalidRsvpException {
        RsvpGenerator generator = new RsvpGenerator(mapper, clock, 1, 5000);
        RsvpParser parser = new RsvpParser(mapper);

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(parser.parse(generator.next()).rsvpId());
        }

        assertThat(ids).first().isEqualTo(5000L);
        assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(100);
    }

    @Test
    void stream_has_variety_venues_sometimes_absent_and_non_ascii_names() throws Exception {
        RsvpGenerator generator = new RsvpGenerator(mapper, clock, 7, 1);
        Set<String> cities = new HashSet<>();
        Set<String> groups = new HashSet<>();
        int withVenue = 0;
        boolean nonAscii = false;
        boolean alphanumericEventId = false;
        for (int i = 0; i < 1000; i++) {
            JsonNode rsvp = mapper.readTree(generator.next());
            cities.add(rsvp.at("/group/group_city").asText());
            groups.add(rsvp.at("/group/group_name").asText());
            withVenue += rsvp.has("venue") ? 1 : 0;
            nonAscii |= !rsvp.at("/member/member_name").asText().chars().allMatch(c -> c < 128);
            alphanumericEventId |= rsvp.at("/event/event_id").asText().chars().anyMatch(Character::isLetter);
        }

        assertThat(cities).hasSizeGreaterThan(10);
        assertThat(groups).hasSizeGreaterThan(100);
        assertThat(withVenue).isBetween(500, 950);
        assertThat(nonAscii).isTrue();
        assertThat(alphanumericEventId).isTrue();
    }

    @Test
    void same_seed_gives_the_same_stream() {
        RsvpGenerator first = new RsvpGenerator(mapper, clock, 99, 1);
        RsvpGenerator second = new RsvpGenerator(mapper, clock, 99, 1);

        for (int i = 0; i < 20; i++) {
            assertThat(first.next()).isEqualTo(second.next());
        }
    }
}
