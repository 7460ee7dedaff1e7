package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStore;
import dev.rsvpstack.archiver.RsvpStores;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStore;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import dev.rsvpstack.testkit.haproxy.HaproxyExtension;
import dev.rsvpstack.couchbase.Couchbase;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.web.CouchbaseRsvps;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): the
 * simulator streams RSVPs, the archiver stores them in CouchbaseMock, and the browser shows them;
 * directly, and through HTTPS at Debian's HAProxy (TLS terminated there, the WebSocket over wss://).
 */
class BrowserE2EIT {
    @RegisterExtension
    static final CouchbaseMockExtension COUCHBASE = CouchbaseMockExtension.inProcess();
    /** The front door for the HTTPS test: TLS terminated, plain HTTP redirected. */
    @RegisterExtension
    static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackendAndTls("web");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOSTILE_EVENT = "<script>alert(1)</script>";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ObjectMapper mapper = new ObjectMapper();
    private RsvpSimulator simulator;
    private RsvpArchiver archiver;
    private SessionStore sessionStore;
    private RsvpWebServer web;
    private CouchbaseConnection couchbase;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void startStackAndBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the end-to-end test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": run bin/test (it installs them) or apt-get install chromium chromium-driver");
        }
        couchbase = Couchbase.connect(CouchbaseSettings.builder().connectionString(COUCHBASE.connectionString())
                .bucket(COUCHBASE.bucketName()).password(COUCHBASE.password())
                .designDocument(RsvpViews.DESIGN_DOCUMENT).build());
        RsvpStore store = RsvpStores.couchbase(couchbase, Duration.ZERO);
        simulator = RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, 5),
                new RsvpGenerator(mapper, Clock.systemUTC(), 42, 5_000_000));
        archiver = new RsvpArchiver(ArchiverSettings.of(simulator.uri()), new RsvpParser(mapper), store).start();
        // A hostile RSVP as the stream could send it, stored through the archiver's own parser and store;
        // ten minutes in the future so that it stays among the newest while the simulator streams.
        store.store(new RsvpParser(mapper).parse(mapper.writeValueAsString(java.util.Map.of(
                "rsvp_id", 1, "mtime", System.currentTimeMillis() + 600_000, "response", "yes",
                "member", java.util.Map.of("member_id", 1,
                        "member_name", "<img src=x onerror=\"document.body.dataset.pwned=1\">"),
                "event", java.util.Map.of("event_id", "x1", "event_name", HOSTILE_EVENT, "time", 0,
                        "event_url", "javascript:document.body.dataset.pwned=2"),
                "group", java.util.Map.of("group_name", "<b>Group</b>", "group_city", "Zürich"))))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        sessionStore = SessionStores.inMemory();
        web = startWeb(0);

        profile = Files.createTempDirectory("rsvp-web-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                // HAProxy's certificate is self-signed for the test
                "--ignore-certificate-errors", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    private RsvpWebServer startWeb(int port) {
        SessionSettings.Builder cookie = SessionSettings.builder("browser-test-secret").saveUninitialized(true);
        Sessions sessions = Sessions.builder(sessionStore, cookie.build()).build();
        Sessions overHttps = Sessions.builder(sessionStore, cookie.secure(true).build()).build();
        return RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(port).managementPort(0)
                        .pollInterval(Duration.ofMillis(500)).trustedProxies(List.of("127.0.0.1")).build())
                .source(CouchbaseRsvps.source(couchbase))
                .sessions(sessions, overHttps)
                .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        // reverse order of start
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
        if (sessionStore != null) {
            sessionStore.close();
        }
        if (archiver != null) {
            archiver.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (couchbase != null) {
            couchbase.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void the_page_shows_stored_rsvps_renders_hostile_strings_as_text_draws_the_chart_sets_a_cookie_and_reconnects()
            throws Exception {
        browser.get(web.uri().toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        // Rows the archiver stored, live.
        wait.until(d -> "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        wait.until(d -> d.findElements(By.cssSelector("#rsvps li")).size() == 10);
        // The page re-renders on every push, so read each fact in one script rather than through
        // element handles that a push may replace.
        JavascriptExecutor js = browser;
        @SuppressWarnings("unchecked")
        List<String> members = (List<String>) js.executeScript(
                "return Array.from(document.querySelectorAll('#rsvps li .member')).map(e => e.textContent)");
        assertThat(members).filteredOn(name -> !name.startsWith("<img")).isNotEmpty()
                .allSatisfy(name -> assertThat(name).isNotBlank());

        // The hostile RSVP: shown as text, not linked, and nothing of it ran.
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> hostile = (java.util.Map<String, Object>) js.executeScript(
                "const li = document.querySelector('#rsvps li[data-rsvp-id=\"1\"]');"
                + "return li && {event: li.querySelector('.event').textContent, links: li.querySelectorAll('a').length,"
                + " member: li.querySelector('.member').textContent, where: li.querySelector('.where').textContent};");
        assertThat(hostile).as("the hostile RSVP is listed").isNotNull();
        assertThat(hostile.get("event")).isEqualTo(HOSTILE_EVENT);
        assertThat(hostile.get("links")).as("a javascript: URL is not a link").isEqualTo(0L);
        assertThat((String) hostile.get("member")).startsWith("<img src=x");
        assertThat(hostile.get("where")).isEqualTo("<b>Group</b> · Zürich");
        assertThat(js.executeScript("return document.querySelectorAll('#rsvps script, #rsvps img, #rsvps b').length"))
                .isEqualTo(0L);
        assertThat(js.executeScript("return document.body.dataset.pwned === undefined")).isEqualTo(true);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        // The session cookie of the first visit.
        assertThat(browser.manage().getCookieNamed("connect.sid")).isNotNull();

        // The chart: one bar per minute, the current minutes with RSVPs.
        wait.until(d -> d.findElements(By.cssSelector("#chart rect.bar")).size() == 30);
        wait.until(d -> (Boolean) js.executeScript("return Array.from(document.querySelectorAll('#chart rect.bar'))"
                + ".some(bar => Number(bar.dataset.count) > 0 && Number(bar.getAttribute('height')) > 0)"));
        assertThat(browser.findElement(By.id("chart-total")).getText()).endsWith("RSVPs");

        // The server restarts on the same port: the page notices, marks its data stale, and reconnects by itself.
        assertThat(browser.findElement(By.id("connection")).getAttribute("data-connects")).isEqualTo("1");
        int port = web.uri().getPort();
        web.close();
        web = null;
        wait.until(d -> "closed".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        wait.until(d -> d.findElement(By.id("stale")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#rsvps li"))).as("the last snapshot stays shown").hasSize(10);
        web = startWeb(port);
        wait.until(d -> "2".equals(d.findElement(By.id("connection")).getAttribute("data-connects")));
        wait.until(d -> "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        wait.until(d -> !d.findElement(By.id("stale")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#rsvps li"))).hasSize(10);
    }

    @Test
    void through_https_at_the_front_door_the_page_is_live_over_wss_with_a_secure_http_only_cookie() throws Exception {
        new LbReconciler(new HaproxyRuntime(HaproxySocket.unix(HAPROXY.server().statsSocket(), Duration.ofSeconds(2))),
                "web", "").reconcile(java.util.Map.of("web-1",
                        new ServiceInstance("web-1", "127.0.0.1", web.uri().getPort())));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        browser.get(HAPROXY.server().tlsUri().toString());

        wait.until(d -> "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        wait.until(d -> d.findElements(By.cssSelector("#rsvps li")).size() == 10);
        org.openqa.selenium.Cookie cookie = browser.manage().getCookieNamed("connect.sid");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isSecure()).as("Secure").isTrue();
        assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
    }
}
