package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the application and the book's Node app (express-session + connect-memcached) on
 * three memcached nodes, behind an imaginary balancer that sends the browser's requests to any of
 * them. Spring Session writes the session before the response is committed, so the next request may
 * go anywhere at once.
 */
class TwoInstancesTest {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);
    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
    private static final Pattern HOME_CSRF = Pattern.compile("csrf=(\\S+)");
    private static final String PASSWORD = random();
    private static final String CSRF = "org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository.CSRF_TOKEN";
    private static final String CONTEXT = "SPRING_SECURITY_CONTEXT";
    private static final String SAVED_REQUEST = "SPRING_SECURITY_SAVED_REQUEST";

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static NodeApp node;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start_two_instances_and_node() throws Exception {
        String nodes = MEMCACHED.addresses().stream()
                .map(address -> address.getHostString() + ":" + address.getPort()).collect(Collectors.joining(","));
        String secret = random();
        Path secretFile = Files.createTempFile("session-secret", "");
        Files.writeString(secretFile, secret + "\n");
        System.out.println("Spring Boot " + SpringBootVersion.getVersion());
        first = instance(nodes, secretFile);
        second = instance(nodes, secretFile);
        node = NodeApp.start(Map.of("MEMCACHED", nodes, "SECRETS", secret));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null) {
                context.close();
            }
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void login_on_one_instance_is_seen_by_the_other_and_by_node_and_logout_ends_it_everywhere() throws Exception {
        URI a = base(first);
        URI b = base(second);

        HttpResponse<String> anonymous = get(a.resolve("/"), null);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        String beforeLogin = sessionCookie(anonymous).orElseThrow(() -> new AssertionError("no cookie for the saved request"));
        assertThat(beforeLogin).startsWith("connect.sid=s%3A");

        HttpResponse<String> loginPage = get(a.resolve("/login"), beforeLogin);
        String loginCsrf = match(LOGIN_CSRF, loginPage.body());
        assertThat(probe(b, beforeLogin)).isEqualTo(SAVED_REQUEST + "," + CSRF);

        HttpResponse<String> login = post(b.resolve("/login"), beforeLogin,
                "username=alice&password=" + encode(PASSWORD) + "&_csrf=" + encode(loginCsrf));
        assertThat(login.statusCode()).as("the login form of A, posted to B").isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).as("back to the page saved on A")
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error").contains("/?continue"));
        String signedIn = sessionCookie(login).orElseThrow(() -> new AssertionError("no new session cookie at login"));
        assertThat(signedIn).as("a new session id at login").isNotEqualTo(beforeLogin);
        assertThat(probe(a, beforeLogin)).as("the id before login is gone").isEqualTo("no session");
        assertThat(probe(a, signedIn)).contains(CONTEXT);

        HttpResponse<String> homeOnA = get(a.resolve("/"), signedIn);
        assertThat(homeOnA.statusCode()).isEqualTo(200);
        assertThat(homeOnA.body()).contains("user=alice");

        HttpResponse<String> onNode = get(node.uri("/read"), signedIn);
        assertThat(onNode.statusCode()).isEqualTo(200);
        assertThat(onNode.body()).as("Node reads the session Spring wrote")
                .contains("\"greeted\":\"alice\"").contains("\"username\":\"alice\"");
        HttpResponse<String> visit = get(node.uri("/visit"), signedIn);
        assertThat(visit.body()).contains("\"views\":1");

        HttpResponse<String> homeOnB = get(b.resolve("/"), signedIn);
        assertThat(homeOnB.statusCode()).as("still signed in after Node rewrote the session").isEqualTo(200);
        assertThat(homeOnB.body()).contains("user=alice").contains("views=1");
        assertThat(probe(b, signedIn)).contains(CONTEXT).contains("from").contains("views");

        HttpResponse<String> logout = post(b.resolve("/logout"), signedIn,
                "_csrf=" + encode(match(HOME_CSRF, homeOnA.body())));
        assertThat(logout.statusCode()).as("A's CSRF token accepted by B").isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));

        assertThat(probe(a, signedIn)).isEqualTo("no session");
        assertThat(probe(b, signedIn)).isEqualTo("no session");
        assertThat(get(a.resolve("/"), signedIn).statusCode()).isEqualTo(302);
        assertThat(get(node.uri("/read"), signedIn).body()).as("Node finds no session either").doesNotContain("alice");
    }

    private static ConfigurableApplicationContext instance(String nodes, Path secretFile) {
        return new SpringApplicationBuilder(ShopApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--rsvp.session.nodes=" + nodes, "--rsvp.session.secret-file=" + secretFile,
                "--shop.user.password=" + PASSWORD);
    }

    private static URI base(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private String probe(URI instance, String cookie) throws Exception {
        return get(instance.resolve("/probe"), cookie).body();
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

    /** {@code connect.sid=...} from the response's Set-Cookie, ready for a Cookie header. */
    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("connect.sid="))
                .map(header -> header.substring(0, header.indexOf(';')))
                .findFirst();
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
