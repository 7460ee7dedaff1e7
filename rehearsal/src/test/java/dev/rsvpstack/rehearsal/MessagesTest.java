package dev.rsvpstack.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void an_rsvp_gives_its_id_and_mtime_whatever_the_nesting_and_order() {
        String message = "{\"venue\":{\"venue_id\":3},\"event\":{\"time\":999,\"event_id\":\"x\"},\"mtime\":1700000000123,"
                + "\"rsvp_id\":1851234567}";

        assertThat(Messages.rsvp(message)).contains(new Messages.SentRsvp(1851234567L, 1700000000123L));
    }

    @Test
    void faults_are_not_rsvps() {
        assertThat(Messages.rsvp("{\"rsvp_id\": 12, \"mtime\": ")).isEmpty();
        assertThat(Messages.rsvp("{\"mtime\": 1, \"event\": {\"event_id\": \"x\"}}")).isEmpty();
        assertThat(Messages.rsvp("{\"rsvp_id\": \"twelve\", \"mtime\": {}, \"event\": []}")).isEmpty();
    }

    @Test
    void a_push_gives_the_newest_rsvp_and_stale_since() {
        String fresh = "{\"type\":\"latest\",\"rsvps\":[{\"mtime\":5,\"event\":{\"time\":99}},{\"mtime\":7}],"
                + "\"staleSince\":null,\"publishedAt\":100}";
        String stale = "{\"type\":\"latest\",\"rsvps\":[],\"staleSince\":1234}";

        assertThat(Messages.push(fresh)).contains(new Messages.Push(7, OptionalLong.empty()));
        assertThat(Messages.push(stale)).contains(new Messages.Push(0, OptionalLong.of(1234)));
        assertThat(WebObserver.pushLine(fresh)).isEqualTo("push 7 null");
        assertThat(WebObserver.pushLine("not json")).isEqualTo("push 0 ?");
    }

    @Test
    void view_rows_give_the_rsvp_ids_and_an_answer_without_rows_is_not_an_empty_bucket() {
        String body = "{\"total_rows\":3,\"rows\":[{\"id\":\"rsvp::12\",\"key\":5},{\"id\":\"archiver::checkpoint\"},"
                + "{\"id\":\"rsvp::13\",\"key\":6}]}";

        assertThat(Messages.viewRsvpIds(body)).hasValueSatisfying(ids -> assertThat(ids).containsExactly(12L, 13L));
        assertThat(Messages.viewRsvpIds("{\"error\":\"timeout\"}")).isEmpty();
        assertThat(Messages.viewRsvpIds("{\"total_rows\":0,\"rows\":[\n]\n}")).hasValueSatisfying(
                ids -> assertThat(ids).isEmpty());
    }
}
