package dev.rsvpstack.spring.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionCookies;
import dev.rsvpstack.session.SessionRecord;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.spring.session.app.TestApplication;
import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a Spring Boot + Security application with no session code of its own, on a real
 * memcached: the saved request, the CSRF token and the security context come back typed, and the
 * stored record is express-session's (plain JSON, the cookie member, a cookie express-session verifies).
 */
class MemcachedSessionStarterIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);
    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
    private static final String SECRET = "keyboard cat " + UUID.randomUUID();
    private static final String PASSWORD = UUID.randomUUID().toString();

    @TempDir
    static Path dir;
    private static ConfigurableApplicationContext app;
    private static MemcachedSessionStore store;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        String node = MEMCACHED.addresses().get(0).getHostString() + ":" + MEMCACHED.addresses().get(0).getPort();
        app = new SpringApplicationBuilder(TestApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1", "--rsvp.session.nodes=" + node,
                "--rsvp.session.secret-file=" + secret, "--rsvp.session.cookie.max-age=1h", "--test.password=" + PASSWORD);
        store = SessionStores.memcached(MemcachedSettings.builder().nodes(MEMCACHED.addresses()).build());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void login_returns_to_the_saved_request_with_typed_security_objects_in_a_plain_record() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());

        HttpResponse<String> first = get(base.resolve("/deep/page?q=42"), null);
        assertThat(first.statusCode()).isEqualTo(302);
        String anonymous = sessionCookie(first).orElseThrow(() -> new AssertionError("no cookie for the saved request"));
        assertThat(first.headers().allValues("Set-Cookie").get(0)).startsWith("connect.sid=s%3A")
                .contains("; Path=/; Expires=").contains("; HttpOnly; SameSite=Lax");
        String anonymousId = idOf(anonymous);

        HttpResponse<String> loginPage = get(base.resolve("/login"), anonymous);
        Matcher csrf = LOGIN_CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("login form with a CSRF token").isTrue();

        HttpResponse<String> login = post(base.resolve("/login"), anonymous,
                "username=alice&password=" + encode(PASSWORD) + "&_csrf=" + encode(csrf.group(1)));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).as("back to the saved request")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/deep/page?q=42&continue"));
        String signedIn = sessionCookie(login).orElseThrow(() -> new AssertionError("no new cookie at login"));
        assertThat(idOf(signedIn)).as("a new id at login").isNotEqualTo(anonymousId);

        HttpResponse<String> page = get(URI.create(login.headers().firstValue("Location").orElseThrow()), signedIn);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("user=alice q=42");

        assertThat(load(anonymousId)).as("the id before login is deleted").isEmpty();
        SessionRecord record = load(idOf(signedIn)).orElseThrow();
        assertThat(record.cookie().originalMaxAge()).isEqualTo(Duration.ofHours(1));
        Object context = record.attributes().get("SPRING_SECURITY_CONTEXT");
        assertThat(context).as("plain JSON, type in a member Node ignores").isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) context).get("@class"))
                .isEqualTo("org.springframework.security.core.context.SecurityContextImpl");
        Map<?, ?> authentication = (Map<?, ?>) ((Map<?, ?>) context).get("authentication");
        assertThat(((Map<?, ?>) authentication.get("principal")).get("username")).as(String.valueOf(context))
                .isEqualTo("alice");
    }

    @Test
    void plain_attributes_stay_plain_and_a_forged_cookie_gets_a_new_session() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
        HttpResponse<String> first = get(base.resolve("/count"), null);
        String cookie = sessionCookie(first).orElseThrow();
        assertThat(get(base.resolve("/count"), cookie).body()).isEqualTo("views=2");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(load(idOf(cookie)).orElseThrow()
                .attributes()).containsEntry("views", 2).containsEntry("cart", Map.of("items", 2)));

        String forged = cookie.substring(0, cookie.length() - 3) + "AAA";
        HttpResponse<String> refused = get(base.resolve("/count"), forged);
        assertThat(refused.body()).isEqualTo("views=1");
        assertThat(idOf(sessionCookie(refused).orElseThrow())).isNotEqualTo(idOf(cookie));
    }

    private static Optional<SessionRecord> load(String id) throws Exception {
        return store.load(id).toCompletableFuture().get();
    }

    private static String idOf(String cookie) {
        return SessionCookies.of(SessionSettings.builder(SECRET).build()).sessionId(List.of(cookie))
                .orElseThrow(() -> new AssertionError("not signed with the secret: " + cookie));
    }

    private HttpResponse<String> get(URI uri, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("connect.sid="))
                .map(h -> h.substring(0, h.indexOf(';'))).findFirst();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
