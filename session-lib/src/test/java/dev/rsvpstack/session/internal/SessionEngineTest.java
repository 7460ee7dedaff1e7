package dev.rsvpstack.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.session.Session;
import dev.rsvpstack.session.SessionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionEngineTest {
    private final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingStore store = new RecordingStore(clock);

    record Profile(String name, int age, List<String> roles) {
    }

    /** One request through the engine: the Set-Cookie headers it produced, and its session. */
    final class Request {
        final List<String> setCookies = new ArrayList<>();
        final RequestSession session;

        Request(SessionEngine engine, String cookie) {
            session = engine.begin(cookie == null ? List.of() : List.of(cookie), setCookies::add);
            session.awaitLoaded();
        }

        String cookie() {
            String header = setCookies.get(setCookies.size() - 1);
            return header.substring(0, header.indexOf(';'));
        }
    }

    private SessionEngine engine(SessionSettings.Builder settings) {
        return new SessionEngine(settings.build(), store, new ObjectMapper(), clock);
    }

    private SessionEngine engine() {
        return engine(SessionSettings.builder("secret"));
    }

    @Test
    void an_untouched_new_session_is_neither_stored_nor_given_a_cookie() {
        SessionEngine engine = engine();
        Request request = new Request(engine, null);
        engine.commit(request.session);
        assertThat(request.setCookies).isEmpty();
        assertThat(store.writes()).isEmpty();
        assertThat(engine.stats().skippedWrites()).isEqualTo(1);
    }

    @Test
    void save_uninitialized_stores_and_sends_a_cookie_for_every_new_session() {
        SessionEngine engine = engine(SessionSettings.builder("secret").saveUninitialized(true));
        Request request = new Request(engine, null);
        engine.commit(request.session);
        assertThat(request.setCookies).hasSize(1);
        assertThat(store.writes()).containsExactly("save " + request.session.id());
    }

    @Test
    void a_changed_session_is_stored_and_comes_back_with_its_cookie() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("views", 1);
        engine.commit(first.session);
        assertThat(first.setCookies).singleElement().asString()
                .startsWith("connect.sid=s%3A" + first.session.id() + ".")
                .endsWith("; Path=/; HttpOnly; SameSite=Lax");

        Request second = new Request(engine, first.cookie());
        assertThat(second.session.isNew()).isFalse();
        assertThat(second.session.id()).isEqualTo(first.session.id());
        assertThat(second.session.getAttribute("views")).isEqualTo(1);
    }

    @Test
    void an_unchanged_session_is_not_rewritten_and_touched_at_most_once_per_interval() {
        SessionEngine engine = engine(SessionSettings.builder("secret").touchInterval(Duration.ofHours(1)));
        Request first = new Request(engine, null);
        first.session.setAttribute("user", "ann");
        engine.commit(first.session);
        store.operations.clear();
        for (int i = 0; i < 5; i++) {
            Request again = new Request(engine, first.cookie());
            assertThat(again.session.getAttribute("user")).isEqualTo("ann");
            engine.commit(again.session);
            assertThat(again.setCookies).isEmpty();
        }
        // the write just now counts as a refresh: no touch within the interval, and no rewrite
        assertThat(store.writes()).isEmpty();
        assertThat(engine.stats().skippedWrites()).isEqualTo(5);
    }

    @Test
    void an_unchanged_session_is_touched_once_the_interval_passed() {
        SessionEngine engine = engine(SessionSettings.builder("secret").touchInterval(Duration.ZERO));
        Request first = new Request(engine, null);
        first.session.setAttribute("user", "ann");
        engine.commit(first.session);
        store.operations.clear();
        Request again = new Request(engine, first.cookie());
        engine.commit(again.session);
        assertThat(store.writes()).containsExactly("touch " + first.session.id());
    }

    @Test
    void rolling_sends_the_cookie_on_every_response() {
        SessionEngine engine = engine(SessionSettings.builder("secret").rolling(true).maxAge(Duration.ofMinutes(5)));
        Request first = new Request(engine, null);
        first.session.setAttribute("a", 1);
        engine.commit(first.session);
        Request again = new Request(engine, first.cookie());
        engine.commit(again.session);
        assertThat(again.setCookies).singleElement().asString()
                .contains("Expires=Tue, 1 Jan 2030 00:05:00 GMT");
    }

    @Test
    void regenerating_the_id_moves_the_attributes_and_deletes_the_old_id() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("cart", List.of("book"));
        engine.commit(first.session);
        String oldId = first.session.id();

        Request login = new Request(engine, first.cookie());
        login.session.regenerateId();
        login.session.setAttribute("user", "ann");
        engine.commit(login.session);
        assertThat(login.session.id()).isNotEqualTo(oldId);
        assertThat(store.writes()).contains("delete " + oldId, "save " + login.session.id());

        Request stale = new Request(engine, first.cookie());
        assertThat(stale.session.isNew()).isTrue();
        Request fresh = new Request(engine, login.cookie());
        assertThat(fresh.session.getAttribute("cart")).isEqualTo(List.of("book"));
        assertThat(fresh.session.getAttribute("user")).isEqualTo("ann");
    }

    @Test
    void a_destroyed_session_is_deleted_and_its_cookie_cleared() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("user", "ann");
        engine.commit(first.session);
        Request logout = new Request(engine, first.cookie());
        logout.session.invalidate();
        engine.commit(logout.session);
        assertThat(store.writes()).contains("delete " + first.session.id());
        assertThat(logout.setCookies).singleElement().asString().contains("Expires=Thu, 1 Jan 1970");
        assertThat(new Request(engine, first.cookie()).session.isNew()).isTrue();
        assertThatThrownBy(() -> logout.session.setAttribute("x", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void records_come_back_as_records_through_jackson() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        Profile ann = new Profile("ann", 41, List.of("admin"));
        first.session.setAttribute("profile", ann);
        first.session.setAttribute("flag", true);
        first.session.setAttribute("ratio", 0.5);
        first.session.setAttribute("prefs", Map.of("theme", "dark"));
        engine.commit(first.session);
        Session again = new Request(engine, first.cookie()).session;
        assertThat(again.getAttribute("profile", Profile.class)).isEqualTo(ann);
        assertThat(again.getAttribute("flag")).isEqualTo(true);
        assertThat(again.getAttribute("ratio")).isEqualTo(0.5);
        assertThat(again.getAttribute("prefs")).isEqualTo(Map.of("theme", "dark"));
        assertThatThrownBy(() -> again.getAttribute("flag", Profile.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'flag'");
    }

    @Test
    void an_attribute_that_cannot_be_json_fails_at_set_attribute_with_its_name() {
        Session session = new Request(engine(), null).session;
        assertThatThrownBy(() -> session.setAttribute("socket", new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'socket'");
        assertThatThrownBy(() -> session.setAttribute("nan", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nan'");
        assertThatThrownBy(() -> session.setAttribute("cookie", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cookie'");
        assertThat(session.attributeNames()).isEmpty();
    }

    @Test
    void stored_values_cannot_be_changed_in_place_only_by_set_attribute() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("cart", List.of("book"));
        engine.commit(first.session);
        Session again = new Request(engine, first.cookie()).session;
        @SuppressWarnings("unchecked")
        List<Object> cart = (List<Object>) again.getAttribute("cart");
        assertThatThrownBy(() -> cart.add("pen")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrent_requests_changing_different_attributes_keep_both_changes() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("a", 0);
        first.session.setAttribute("b", 0);
        engine.commit(first.session);
        Request one = new Request(engine, first.cookie());
        Request two = new Request(engine, first.cookie());
        one.session.setAttribute("a", 1);
        two.session.setAttribute("b", 2);
        two.session.removeAttribute("a-missing");
        engine.commit(one.session);
        engine.commit(two.session);
        Session after = new Request(engine, first.cookie()).session;
        assertThat(after.getAttribute("a")).isEqualTo(1);
        assertThat(after.getAttribute("b")).isEqualTo(2);
    }

    @Test
    void a_session_destroyed_by_a_concurrent_request_is_not_brought_back() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("user", "ann");
        engine.commit(first.session);
        Request slow = new Request(engine, first.cookie());
        Request logout = new Request(engine, first.cookie());
        logout.session.invalidate();
        engine.commit(logout.session);
        slow.session.setAttribute("late", true);
        engine.commit(slow.session);
        assertThat(new Request(engine, first.cookie()).session.isNew()).isTrue();
    }

    @Test
    void a_tampered_or_foreign_cookie_gets_a_new_session_and_is_counted() {
        SessionEngine engine = engine();
        Request first = new Request(engine, null);
        first.session.setAttribute("user", "ann");
        engine.commit(first.session);
        String tampered = first.cookie().substring(0, first.cookie().length() - 2) + "AA";
        Request attack = new Request(engine, tampered);
        assertThat(attack.session.isNew()).isTrue();
        assertThat(attack.session.getAttribute("user")).isNull();
        SessionEngine foreign = new SessionEngine(SessionSettings.builder("other").build(), store, new ObjectMapper(),
                clock);
        assertThat(new Request(foreign, first.cookie()).session.isNew()).isTrue();
        assertThat(new Request(engine, "connect.sid=" + first.session.id()).session.isNew()).isTrue();
        assertThat(engine.stats().rejectedCookies()).isEqualTo(2);
        assertThat(foreign.stats().rejectedCookies()).isEqualTo(1);
    }

    @Test
    void a_failing_store_costs_the_session_not_the_request() {
        store.close(); // every operation now fails
        SessionEngine engine = engine();
        CookieSigner signer = new CookieSigner(List.of("secret"));
        Request request = new Request(engine, "connect.sid=" + SetCookie.encode(signer.sign("someid")));
        assertThat(request.session.isNew()).isTrue();
        request.session.setAttribute("x", 1);
        engine.commit(request.session);
        assertThat(engine.stats().storeFailures()).isEqualTo(2);
    }
}
