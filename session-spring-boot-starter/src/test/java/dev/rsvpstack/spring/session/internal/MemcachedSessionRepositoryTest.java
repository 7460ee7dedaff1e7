package dev.rsvpstack.spring.session.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.session.SessionChanges;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStore;
import dev.rsvpstack.session.SessionStores;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.session.events.AbstractSessionEvent;
import org.springframework.session.events.SessionCreatedEvent;
import org.springframework.session.events.SessionDeletedEvent;

class MemcachedSessionRepositoryTest {
    private final CountingStore store = new CountingStore(SessionStores.inMemory());
    private final List<Object> events = new ArrayList<>();
    private final MemcachedSessionRepository repository = new MemcachedSessionRepository(store,
            SessionSettings.builder("secret").build(), AttributeCodec.create(getClass().getClassLoader()),
            events::add, Clock.systemUTC(), Duration.ofSeconds(1));

    @Test
    void a_new_session_is_written_whole_once_and_not_touched_right_after() {
        MemcachedSpringSession session = repository.createSession();
        session.setAttribute("views", 1);
        repository.save(session);
        assertThat(store.calls).containsExactly("save whole");
        assertThat(events).singleElement().isInstanceOf(SessionCreatedEvent.class);

        MemcachedSpringSession again = repository.findById(session.getId());
        assertThat((Integer) again.getAttribute("views")).isEqualTo(1);
        repository.save(again);
        assertThat(store.calls).as("unchanged, and the write just set its lifetime").containsExactly("save whole", "load");
    }

    @Test
    void a_changed_attribute_is_merged_and_a_new_id_deletes_the_old_one() {
        MemcachedSpringSession session = repository.createSession();
        repository.save(session);
        MemcachedSpringSession loaded = repository.findById(session.getId());
        loaded.setAttribute("cart", List.of("book"));
        repository.save(loaded);
        assertThat(store.calls).containsExactly("save whole", "load", "save [cart]");

        String old = loaded.getId();
        String renewed = loaded.changeSessionId();
        repository.save(loaded);
        assertThat(store.calls).endsWith("save whole", "delete");
        assertThat(repository.findById(old)).isNull();
        assertThat(repository.findById(renewed).<Object>getAttribute("cart")).isEqualTo(List.of("book"));
    }

    @Test
    void deleting_publishes_the_deleted_event_and_removing_an_attribute_writes_it() {
        MemcachedSpringSession session = repository.createSession();
        session.setAttribute("a", "x");
        repository.save(session);
        MemcachedSpringSession loaded = repository.findById(session.getId());
        loaded.removeAttribute("a");
        assertThat(loaded.getAttributeNames()).isEmpty();
        repository.save(loaded);
        assertThat(store.calls).endsWith("save [a]");

        repository.deleteById(session.getId());
        assertThat(events).extracting(Object::getClass).containsExactly(SessionCreatedEvent.class, SessionDeletedEvent.class);
        assertThat(((AbstractSessionEvent) events.get(1)).getSessionId()).isEqualTo(session.getId());
        assertThat(repository.findById(session.getId())).isNull();
    }

    /** session-lib's in-memory store, recording what was asked of it. */
    private static final class CountingStore implements SessionStore {
        final List<String> calls = new ArrayList<>();
        private final SessionStore store;

        CountingStore(SessionStore store) {
            this.store = store;
        }

        @Override
        public CompletionStage<Optional<SessionRecord>> load(String id) {
            calls.add("load");
            return store.load(id);
        }

        @Override
        public CompletionStage<Boolean> save(SessionRecord record, SessionChanges changes, Duration ttl) {
            calls.add(changes.wholeRecord() ? "save whole" : "save " + changes.attributes());
            return store.save(record, changes, ttl);
        }

        @Override
        public CompletionStage<Boolean> touch(String id, Duration ttl) {
            calls.add("touch");
            return store.touch(id, ttl);
        }

        @Override
        public CompletionStage<Void> delete(String id) {
            calls.add("delete");
            return store.delete(id);
        }

        @Override
        public long malformedRecords() {
            return store.malformedRecords();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
