package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the application behind an imaginary round-robin balancer, sharing three memcached
 * nodes: the browser's requests land on either. session-lib writes a session after the response
 * (its README: visible to the other instances once memcached answered), so before a request goes
 * to the other instance the test waits until that instance sees the session as the last response
 * left it.
 */
class TwoInstancesTest {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(3);
    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
    private static final Pattern HOME_CSRF = Pattern.compile("csrf=(\\S+)");
    private static final String PASSWORD = random();

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start_two_instances() {
        String nodes = MEMCACHED.addresses().stream()
                .map(node -> node.getHostString() + ":" + node.getPort()).collect(Collectors.joining(","));
        String secret = random();
        first = instance(nodes, secret);
        second = instance(nodes, secret);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {first, second}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void login_rotates_the_session_the_other_instance_sees_it_and_logout_ends_it_on_both() throws Exception {
        URI a = base(first);
        URI b = base(second);

        HttpResponse<String> anonymous = get(a.resolve("/"), null);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

        HttpResponse<String> loginPage = get(a.resolve("/login"), null);
        String beforeLogin = sessionCookie(loginPage).orElseThrow();
        String loginCsrf = match(LOGIN_CSRF, loginPage.body());
        awaitProbe(b, beforeLogin, "spring-security-csrf");

        HttpResponse<String> login = post(b.resolve("/login"), beforeLogin,
                "username=alice&password=" + encode(PASSWORD) + "&_csrf=" + encode(loginCsrf));
        assertThat(login.statusCode()).as("the login form of A, posted to B").isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        String signedIn = sessionCookie(login).orElseThrow(() -> new AssertionError("no new session cookie at login"));
        assertThat(signedIn).as("a new session id at login").isNotEqualTo(beforeLogin);
        awaitProbe(a, signedIn, "spring-security-context");
        assertThat(probe(a, beforeLogin)).as("the id before login is gone").isEqualTo("no session");

        HttpResponse<String> homeOnA = get(a.resolve("/"), signedIn);
        assertThat(homeOnA.statusCode()).isEqualTo(200);
        assertThat(homeOnA.body()).contains("user=alice");
        awaitProbe(b, signedIn, "spring-security-context,spring-security-csrf");
        HttpResponse<String> homeOnB = get(b.resolve("/"), signedIn);
        assertThat(homeOnB.statusCode()).isEqualTo(200);
        assertThat(homeOnB.body()).contains("user=alice");

        HttpResponse<String> logout = post(b.resolve("/logout"), signedIn,
                "_csrf=" + encode(match(HOME_CSRF, homeOnA.body())));
        assertThat(logout.statusCode()).as("A's CSRF token accepted by B").isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));

        await().atMost(Duration.ofSeconds(10)).until(() -> probe(a, signedIn).equals("no session"));
        assertThat(probe(b, signedIn)).isEqualTo("no session");
        assertThat(get(a.resolve("/"), signedIn).statusCode()).isEqualTo(302);
        assertThat(get(b.resolve("/"), signedIn).statusCode()).isEqualTo(302);
    }

    private static ConfigurableApplicationContext instance(String nodes, String secret) {
        return new SpringApplicationBuilder(ShopApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--shop.memcached.nodes=" + nodes, "--shop.session.secret=" + secret,
                "--shop.user.password=" + PASSWORD);
    }

    private static URI base(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitProbe(URI instance, String cookie, String attributes) {
        await().atMost(Duration.ofSeconds(10)).until(() -> probe(instance, cookie).equals(attributes));
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
