package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.discovery.Debounce;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStore;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import dev.rsvpstack.testkit.haproxy.HaproxyExtension;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS at the front door: Debian's HAProxy terminates it (a self-signed certificate the testkit makes),
 * redirects plain HTTP, and tells the web instance {@code X-Forwarded-Proto: https}; the web, trusting
 * only that proxy's address, marks the session cookie {@code Secure}. The backend is filled by lb-sync.
 */
class FrontDoorTlsIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();
    @RegisterExtension
    static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackendAndTls("web");

    private Discovery discovery;
    private LbSync sync;
    private RsvpWebServer web;
    private HttpClient https;

    @BeforeEach
    void start() throws Exception {
        ETCD.deletePrefix("/services/");
        SessionStore store = SessionStores.inMemory();
        SessionSettings.Builder cookie = SessionSettings.builder("front-door-secret").saveUninitialized(true);
        Sessions plain = Sessions.builder(store, cookie.build()).build();
        Sessions overHttps = Sessions.builder(store, cookie.secure(true).build()).build();
        web = RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(0)
                        .trustedProxies(List.of("127.0.0.1")).build())
                .source(limit -> List.of()).sessions(plain, overHttps).meterRegistry(Registries.prometheus()).start();
        discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).debounce(Debounce.OFF)
                .meterRegistry(new SimpleMeterRegistry()).build();
        sync = LbSync.start(discovery, "web", new LbReconciler(new HaproxyRuntime(HaproxySocket.unix(
                HAPROXY.server().statsSocket(), Duration.ofSeconds(2))), "web", "check inter 500ms"),
                Duration.ofMillis(500), new SimpleMeterRegistry());
        ETCD.put("/services/web/web-1", "127.0.0.1:" + web.uri().getPort());
        https = HttpClient.newBuilder().sslContext(trusting()).connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> get(HAPROXY.server().tlsUri()).statusCode() == 200);
    }

    @AfterEach
    void stop() {
        sync.close();
        discovery.close();
        web.close();
    }

    @Test
    void over_https_the_session_cookie_is_secure_and_http_only() throws Exception {
        HttpResponse<String> page = get(HAPROXY.server().tlsUri());

        assertThat(page.body()).contains("<html");
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("connect.sid=s%3A").contains("; HttpOnly").contains("; Secure");
    }

    @Test
    void plain_http_at_the_front_door_is_redirected_to_https() throws Exception {
        HttpResponse<String> plain = get(HAPROXY.server().uri());

        assertThat(plain.statusCode()).isEqualTo(301);
        assertThat(plain.headers().firstValue("Location").orElseThrow()).startsWith("https://");
    }

    @Test
    void the_web_alone_over_plain_http_sets_no_secure_cookie() throws Exception {
        HttpResponse<String> direct = get(web.uri());

        assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow()).contains("; HttpOnly")
                .doesNotContain("Secure");
    }

    @Test
    void the_page_websocket_works_over_wss_through_haproxy() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        URI wss = URI.create(HAPROXY.server().tlsUri().toString().replaceFirst("^https", "wss"))
                .resolve(RsvpWebServer.SOCKET_PATH);
        WebSocket socket = https.newWebSocketBuilder().buildAsync(wss, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        try {
            assertThat(first.get(10, TimeUnit.SECONDS)).contains("\"type\":\"latest\"");
        } finally {
            socket.abort();
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return https.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the certificate HAProxy was given, and nothing else. */
    private static SSLContext trusting() throws Exception {
        String pem = Files.readString(HAPROXY.server().certificate(), StandardCharsets.US_ASCII);
        String cert = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"),
                pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length());
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("haproxy", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
