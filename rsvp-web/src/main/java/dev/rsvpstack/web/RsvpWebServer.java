package dev.rsvpstack.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.session.SessionHandler;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.web.internal.Broadcaster;
import dev.rsvpstack.web.internal.CapacityHandler;
import dev.rsvpstack.web.internal.ForwardedHttpsHandler;
import dev.rsvpstack.web.internal.HealthHandler;
import dev.rsvpstack.web.internal.Heartbeat;
import dev.rsvpstack.web.internal.MetricsHandler;
import dev.rsvpstack.web.internal.OriginCheckHandler;
import dev.rsvpstack.web.internal.PageHandler;
import dev.rsvpstack.web.internal.RateLimitedLog;
import dev.rsvpstack.web.internal.ReadinessHandler;
import dev.rsvpstack.web.internal.RsvpSocketEndpoint;
import dev.rsvpstack.web.internal.SecurityHeadersHandler;
import dev.rsvpstack.web.internal.SessionMeters;
import dev.rsvpstack.web.internal.SnapshotEncoder;
import dev.rsvpstack.web.internal.SnapshotPoller;
import dev.rsvpstack.web.internal.TrafficTracker;
import dev.rsvpstack.web.internal.WebMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The web tier on two listeners. The public one (the port a load balancer sends users to), each
 * concern composed as Undertow handlers:
 * <ul>
 *   <li>{@code /} the page (wrapped by the page wrappers, for example sessions), and its assets from the jar;</li>
 *   <li>{@value #SOCKET_PATH} the JSR-356 WebSocket (origin check, then connection limit);</li>
 *   <li>{@code /healthz} alive, {@code /readyz} ready (Couchbase answered, every added check passes, and
 *       the instance is not draining): the probes a load balancer needs.</li>
 * </ul>
 * The management listener ({@link WebSettings#managementPort()}, as Dropwizard's admin port) serves
 * {@code /metrics} (Prometheus text), {@code /healthz} and {@code /readyz}; the public one has no
 * {@code /metrics} (404), so the server's internals are not served to users through the front door.
 * One poller feeds every client of this instance; the server pings every client and closes those that
 * stop answering. Build with {@link #builder(WebSettings)}:
 *
 * <pre>{@code
 * RsvpWebServer web = RsvpWebServer.builder(WebSettings.of("0.0.0.0", 3000))
 *         .source(() -> couchbase.current().source())      // swapped in-process on a Couchbase move
 *         .sessions(sessions)                              // session-lib, on page requests
 *         .readinessCheck("memcached", ReadinessCheck.nonEmpty(store::nodes, "no memcached nodes known"))
 *         .meterRegistry(registry)                         // the application's, rendered on /metrics
 *         .start();
 * }</pre>
 */
public final class RsvpWebServer implements AutoCloseable {
    public static final String SOCKET_PATH = "/ws/rsvps";
    private static final String DRAINING_CHECK = "draining";
    private static final Logger LOG = LoggerFactory.getLogger(RsvpWebServer.class);
    private static final String STATIC_ROOT = "dev/rsvpstack/web/static";
    /** I/O threads, as Undertow's builder chooses them: one per core, at least two. */
    static final int IO_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final AtomicReference<WebSettings> settings;
    /** Everything started, closed in reverse order. */
    private final Closer resources = new Closer("web server");
    private Broadcaster broadcaster;
    private SnapshotPoller poller;
    private Heartbeat heartbeat;
    private Undertow server;
    private TrafficTracker traffic;
    private volatile boolean draining;
    private Map<String, ReadinessCheck> readiness;
    /** Held here: the session counters read it, and Micrometer holds it only weakly. */
    private List<Sessions> meteredSessions = List.of();

    private RsvpWebServer(WebSettings settings) {
        this.settings = new AtomicReference<>(settings);
    }

    /** A builder for a server with these settings; {@link Builder#start()} checks it is complete. */
    public static Builder builder(WebSettings settings) {
        return new Builder(settings);
    }

    private void startPieces(Builder builder) throws IOException, ServletException {
        Clock clock = builder.clock;
        PrometheusMeterRegistry registry = builder.registry;
        Supplier<WebSettings> live = settings::get;
        WebMetrics metrics = new WebMetrics(registry, () -> broadcaster.clientCount(), () -> poller.stale() ? 1 : 0);
        if (builder.sessions != null) {
            meteredSessions = builder.httpsSessions == null ? List.of(builder.sessions)
                    : List.of(builder.sessions, builder.httpsSessions);
            SessionMeters.bind(registry, meteredSessions);
        }
        broadcaster = new Broadcaster(() -> live.get().sendQueueLimit(), metrics,
                new RateLimitedLog(LoggerFactory.getLogger(Broadcaster.class), clock));
        poller = resources.register(new SnapshotPoller(builder.source, live, broadcaster,
                new SnapshotEncoder(builder.mapper), clock, metrics, broadcaster::clientCount));
        broadcaster.onRegister(poller::clientArrived);
        heartbeat = resources.register(new Heartbeat(broadcaster, () -> live.get().heartbeatInterval(),
                () -> live.get().heartbeatTimeout(), clock, metrics));

        // One worker of our own, shared by HTTP and WebSockets and closed with the server (no static default).
        // XNIO's own default is a single I/O thread: everything on one core. Undertow's builder gives one per
        // core, at least two; so do we.
        XnioWorker worker = Xnio.getInstance(RsvpWebServer.class.getClassLoader()).createWorker(OptionMap.builder()
                .set(Options.THREAD_DAEMON, true).set(Options.WORKER_NAME, "rsvp-web")
                .set(Options.WORKER_IO_THREADS, IO_THREADS).getMap());
        resources.register("the XNIO worker", () -> {
            worker.shutdownNow(); // open WebSockets are closed, not drained: clients reconnect elsewhere
            worker.awaitTermination(5, TimeUnit.SECONDS);
        });
        RsvpSocketEndpoint endpoint = new RsvpSocketEndpoint(broadcaster, () -> live.get().maxConnections(),
                () -> live.get().maxInboundFrameBytes(), metrics, clock);
        DeploymentManager deployment = socketDeployment(worker, endpoint);
        resources.register("the WebSocket deployment", deployment::undeploy);
        HttpHandler sockets = deployment.start();
        resources.register("the WebSocket endpoints", deployment::stop);

        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("couchbase", poller::notReadyBecause);
        checks.putAll(builder.checks);
        checks.put(DRAINING_CHECK, () -> draining ? Optional.of("this instance is shutting down") : Optional.empty());
        readiness = checks;
        RateLimitedLog refusals = new RateLimitedLog(LoggerFactory.getLogger(OriginCheckHandler.class), clock);
        HttpHandler page = new PageHandler(RsvpWebServer.class.getClassLoader(), STATIC_ROOT + "/index.html");
        for (UnaryOperator<HttpHandler> wrapper : builder.pageWrappers) {
            page = Objects.requireNonNull(wrapper.apply(page), "a page wrapper returned null");
        }
        page = new SecurityHeadersHandler(page);
        ResourceHandler assets = Handlers.resource(
                new ClassPathResourceManager(RsvpWebServer.class.getClassLoader(), STATIC_ROOT))
                .setWelcomeFiles().setDirectoryListingEnabled(false).setCacheTime(300);
        traffic = new TrafficTracker(Handlers.path(new SecurityHeadersHandler(assets))
                .addExactPath("/", page)
                .addExactPath("/index.html", page)
                .addExactPath("/healthz", new HealthHandler())
                .addExactPath("/readyz", new ReadinessHandler(checks))
                .addPrefixPath("/ws", new OriginCheckHandler(() -> live.get().allowedOrigins(), metrics, refusals,
                        new CapacityHandler(broadcaster, () -> live.get().maxConnections(), metrics, refusals, sockets))),
                metrics.requestsAfterLeaving, System::nanoTime);
        HttpHandler management = Handlers.path(ResponseCodeHandler.HANDLE_404)
                .addExactPath("/healthz", new HealthHandler())
                .addExactPath("/readyz", new ReadinessHandler(checks))
                .addExactPath("/metrics", new MetricsHandler(registry));

        WebSettings first = settings.get();
        server = Undertow.builder()
                .setWorker(worker)
                .addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTP)
                        .setHost(first.host()).setPort(first.port()).setRootHandler(traffic))
                .addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTP)
                        .setHost(first.host()).setPort(first.managementPort()).setRootHandler(management))
                // Idle keep-alive connections and slow request heads (slowloris) do not hold sockets forever.
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .build();
        server.start();
        resources.register("the HTTP listener", server::stop);
        // Runs first on close: browsers get a close frame (1001) and reconnect elsewhere at once,
        // instead of discovering a dead TCP connection.
        resources.register("the WebSocket clients", () -> broadcaster.closeAll("server shutting down"));
        poller.schedule();
        heartbeat.schedule();
    }

    private static DeploymentManager socketDeployment(XnioWorker worker, RsvpSocketEndpoint endpoint) {
        ServerEndpointConfig endpointConfig = ServerEndpointConfig.Builder
                .create(RsvpSocketEndpoint.class, SOCKET_PATH.substring("/ws".length()))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                })
                .build();
        WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
                .setWorker(worker)
                .setBuffers(new DefaultByteBufferPool(true, 8 * 1024))
                .addEndpoint(endpointConfig);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(RsvpWebServer.class.getClassLoader())
                .setContextPath("/ws")
                .setDeploymentName("rsvp-web-sockets")
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
        DeploymentManager manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        return manager;
    }

    /** The page's address, for example {@code http://127.0.0.1:3000/}. */
    public URI uri() {
        return listenerUri(0);
    }

    /** The management listener's address, for example {@code http://127.0.0.1:4000/} ({@code /metrics} there). */
    public URI managementUri() {
        return listenerUri(1);
    }

    private URI listenerUri(int index) {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(index).getAddress();
        String host = settings.get().host();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /**
     * Empty when {@code /readyz} would answer 200; otherwise its lines ({@code name: why}). Answers from state
     * at hand, so a registration may use it as its health probe.
     */
    public Optional<String> notReadyBecause() {
        String problems = ReadinessHandler.problems(readiness);
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems.strip());
    }

    /** Fails {@code /readyz} from now on ({@code draining: this instance is shutting down}); for a clean stop. */
    public void drain() {
        draining = true;
    }

    /** Whether {@link #drain()} was called. */
    public boolean draining() {
        return draining;
    }

    /**
     * Marks the moment this instance leaves the load balancer's registry: every later request (probes
     * excepted) is counted ({@code rsvp_web_requests_after_leaving_total}); a load balancer that follows the
     * registry sends none once it has seen the change.
     */
    public void leaving() {
        traffic.left();
    }

    /**
     * Waits until no request (probes excepted) has arrived for {@code quiet} since the later of {@link #leaving()}
     * and the last request, at most {@code timeout}.
     *
     * @return true if it went quiet, false if {@code timeout} passed first
     */
    public boolean awaitNoNewRequests(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Duration remaining = traffic.quietRemaining(quiet);
            if (remaining.isZero()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Waiting for the absence of requests: nothing signals it, so look again when it could have come.
            Thread.sleep(Math.max(1, Math.min(remaining.toMillis(), TimeUnit.NANOSECONDS.toMillis(left)) + 1));
        }
    }

    /** The WebSocket's address, for example {@code ws://127.0.0.1:3000/ws/rsvps}. */
    public URI socketUri() {
        return URI.create(uri().toString().replaceFirst("^http", "ws")).resolve(SOCKET_PATH);
    }

    /** How many WebSocket clients are connected now. */
    public int clientCount() {
        return broadcaster.clientCount();
    }

    /** The settings in force. */
    public WebSettings settings() {
        return settings.get();
    }

    /**
     * Applies new settings in-process (from {@code /config/web/}, see {@link WebConfigKeys}); no client
     * is disconnected by it. Poll and heartbeat intervals are re-timed; limits apply to the next push or
     * connection; the frame size limit to new connections.
     *
     * @throws IllegalArgumentException if host or port differ: those need a new server
     */
    public void reconfigure(WebSettings next) {
        Objects.requireNonNull(next, "next");
        WebSettings before = settings.get();
        if (!next.host().equals(before.host()) || next.port() != before.port()
                || next.managementPort() != before.managementPort()) {
            throw new IllegalArgumentException("host and ports cannot change in-process: " + before.host() + ":"
                    + before.port() + "/" + before.managementPort() + " -> " + next.host() + ":" + next.port() + "/"
                    + next.managementPort());
        }
        settings.set(next);
        poller.schedule();
        heartbeat.schedule();
        if (!next.equals(before)) {
            LOG.info("settings now {}", next);
        }
    }

    /**
     * The source now reads from somewhere else, for example a new Couchbase connection after a RELOAD
     * swap: it is queried at once and clients get its data if it differs, without waiting for the
     * next poll. Any thread; returns at once.
     */
    public void sourceChanged() {
        poller.sourceChanged();
    }

    /** Stops polling, closes every connection and the listener, in reverse order of start. */
    @Override
    public void close() {
        resources.close();
        LOG.info("web server stopped");
    }

    /** Collects the parts; {@link #start()} checks them and starts serving. */
    public static final class Builder {
        private final WebSettings settings;
        private Supplier<? extends LatestRsvpsSource> source;
        private ObjectMapper mapper = new ObjectMapper();
        private final List<UnaryOperator<HttpHandler>> pageWrappers = new ArrayList<>();
        private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        private PrometheusMeterRegistry registry;
        private Sessions sessions; // its counters go on the registry
        private Sessions httpsSessions; // the same store with Secure cookies, for HTTPS through a trusted proxy
        private Clock clock = Clock.systemUTC();

        private Builder(WebSettings settings) {
            this.settings = settings;
        }

        /** A fixed source of the page's data. */
        public Builder source(LatestRsvpsSource fixed) {
            Objects.requireNonNull(fixed, "source");
            this.source = () -> fixed;
            return this;
        }

        /**
         * The source read anew on every poll: hand it {@code () -> supervisor.current().source()} so a
         * Couchbase move (discovery's RELOAD policy) is applied without closing any WebSocket.
         */
        public Builder source(Supplier<? extends LatestRsvpsSource> live) {
            this.source = Objects.requireNonNull(live, "source");
            return this;
        }

        public Builder objectMapper(ObjectMapper value) {
            this.mapper = Objects.requireNonNull(value, "objectMapper");
            return this;
        }

        /**
         * Wraps the page's handler (only {@code /}, not assets, sockets or probes), for example in a session
         * handler. Wrappers apply in the order added; the last added is outermost.
         */
        public Builder pageWrapper(UnaryOperator<HttpHandler> wrapper) {
            pageWrappers.add(Objects.requireNonNull(wrapper, "wrapper"));
            return this;
        }

        /**
         * Sessions on page requests through session-lib's Undertow handler. For the book's behaviour (a
         * first visit gets the cookie) build the session settings with {@code saveUninitialized(true)}.
         */
        public Builder sessions(Sessions sessions) {
            Objects.requireNonNull(sessions, "sessions");
            this.sessions = sessions;
            return pageWrapper(page -> new SessionHandler(sessions, page));
        }

        /**
         * Sessions as {@link #sessions(Sessions)}, except for requests that came over HTTPS through a trusted
         * proxy ({@code X-Forwarded-Proto: https} from one of {@link WebSettings#trustedProxies()}): those use
         * {@code overHttps}, the same store, cookie name and secrets built with {@code secure(true)}, so the
         * browser gets a {@code Secure} cookie. Their counters are summed on {@code /metrics}.
         */
        public Builder sessions(Sessions sessions, Sessions overHttps) {
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(overHttps, "overHttps");
            if (!overHttps.settings().secure()) {
                throw new IllegalArgumentException("the sessions over HTTPS must be built with secure(true)");
            }
            if (!overHttps.settings().cookieName().equals(sessions.settings().cookieName())) {
                throw new IllegalArgumentException("both sessions must use the same cookie name");
            }
            this.sessions = sessions;
            this.httpsSessions = overHttps;
            return pageWrapper(page -> new ForwardedHttpsHandler(settings.trustedProxyAddresses(),
                    new SessionHandler(overHttps, page), new SessionHandler(sessions, page)));
        }

        /** One more condition of {@code /readyz}, reported under {@code name}; Couchbase is always checked. */
        public Builder readinessCheck(String name, ReadinessCheck check) {
            if (name == null || name.isBlank() || name.equals("couchbase") || name.equals(DRAINING_CHECK)) {
                throw new IllegalArgumentException("a readiness check needs a name other than 'couchbase' and '"
                        + DRAINING_CHECK + "', not '" + name + "'");
            }
            checks.put(name, Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * The registry {@code /metrics} renders, shared with the rest of the application. Required: the
         * application owns its registry (configures it, binds JVM metrics, closes it), as it does for
         * the archiver's.
         */
        public Builder meterRegistry(PrometheusMeterRegistry value) {
            this.registry = Objects.requireNonNull(value, "meterRegistry");
            return this;
        }

        /** The clock for staleness, heartbeats and the chart's window; for tests. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Starts serving and polling.
         *
         * @throws IllegalStateException    if no source or no meter registry was given
         * @throws UncheckedIOException     if the port cannot be bound; nothing is left running then
         */
        public RsvpWebServer start() {
            Objects.requireNonNull(settings, "settings");
            if (source == null) {
                throw new IllegalStateException("the web server needs a source of RSVPs: source(...)");
            }
            if (registry == null) {
                throw new IllegalStateException("the web server needs a meter registry for /metrics: meterRegistry(...)");
            }
            RsvpWebServer web = new RsvpWebServer(settings);
            try {
                web.startPieces(this);
            } catch (IOException e) {
                throw web.resources.closeAfter(new UncheckedIOException("cannot start the web server on "
                        + settings.host() + ":" + settings.port(), e));
            } catch (ServletException e) {
                throw web.resources.closeAfter(new IllegalStateException("the WebSocket deployment did not start", e));
            } catch (RuntimeException e) {
                throw web.resources.closeAfter(e);
            }
            LOG.info("web server listening at {}", web.uri());
            return web;
        }
    }
}
