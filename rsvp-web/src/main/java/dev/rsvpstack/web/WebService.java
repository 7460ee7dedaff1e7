package dev.rsvpstack.web;

import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.SupervisedConnection;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.ComponentSupervisor;
import dev.rsvpstack.discovery.Config;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.HealthProbe;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.RestartRequestListener;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.web.internal.MemcachedNodes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web tier as a service, composed like the archiver's {@code ArchiverService}: Couchbase and
 * memcached found through discovery and each kept in step by a {@link ComponentSupervisor} (a move
 * applied in process under {@code reload}, reported for a restart under {@code exit}), sessions in
 * memcached, and settings under {@code /config/web/} applied without dropping clients.
 */
public final class WebService implements AutoCloseable {
    public static final String COUCHBASE_SERVICE = "couchbase";
    public static final String MEMCACHED_SERVICE = "memcached";
    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);
    private static final Duration MEMCACHED_WAIT = Duration.ofSeconds(30);
    /** How often the registration asks {@code /readyz}'s checks (from state at hand, so cheap). */
    private static final Duration ANNOUNCE_PROBE_INTERVAL = Duration.ofMillis(500);
    /** Withdrawing the registration: deleting the key and revoking the lease. */
    private static final Duration WITHDRAW_TIMEOUT = Duration.ofMillis(1500);

    private final Closer closer = new Closer("web service");
    private volatile RsvpWebServer web;

    private WebService() {
    }

    /**
     * Connects, waits up to 30 s for a memcached node to be registered, and starts serving.
     *
     * @param registry the registry {@code /metrics} renders; the caller binds JVM metrics and closes it
     * @param restarts told when the {@code exit} policy needs the process restarted
     * @throws IllegalStateException if no memcached node is registered in time; nothing is left running
     */
    public static WebService start(WebServiceSettings settings, Discovery discovery, PrometheusMeterRegistry registry,
                                   RestartRequestListener restarts) {
        WebService service = new WebService();
        try {
            service.startPieces(settings, discovery, registry, restarts);
            return service;
        } catch (RuntimeException e) {
            throw service.closer.closeAfter(e);
        }
    }

    private void startPieces(WebServiceSettings settings, Discovery discovery, PrometheusMeterRegistry registry,
                             RestartRequestListener restarts) {
        SupervisedConnection couchbase = closer.register(SupervisedConnection.builder().policy(settings.policy())
                .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket(settings.bucket())
                        .username(settings.username()).password(settings.password())
                        .designDocument(RsvpViews.DESIGN_DOCUMENT).build())
                .restartListener(restarts)
                .onReconnect(connection -> { // reload: query the new Couchbase now, not at the next poll
                    RsvpWebServer started = web;
                    if (started != null) {
                        started.sourceChanged();
                    }
                })
                .build());
        closer.register(discovery.watch(COUCHBASE_SERVICE, couchbase));

        MemcachedSessionStore store = startSessionStore(settings, discovery, restarts);
        SessionSettings.Builder cookie = SessionSettings.builder(settings.sessionSecrets().get(0))
                .secrets(settings.sessionSecrets()).saveUninitialized(true);
        Sessions sessions = Sessions.builder(store, cookie.build()).build();
        // Over HTTPS through a trusted load balancer: the same store and secrets, a Secure cookie.
        Sessions overHttps = Sessions.builder(store, cookie.secure(true).build()).build();

        Config config = closer.register(discovery.config(WebConfigKeys.SERVICE, WebConfigKeys.ALL, changed -> {
            RsvpWebServer live = web;
            if (live != null) {
                live.reconfigure(WebConfigKeys.apply(live.settings(), changed));
            }
        }));
        web = closer.register(RsvpWebServer.builder(WebConfigKeys.apply(settings.web(), config))
                .source(CouchbaseRsvps.source(couchbase))
                .sessions(sessions, overHttps)
                .readinessCheck("couchbase-connection", () -> couchbase.connected() ? Optional.empty()
                        : Optional.of("no Couchbase connection (none registered under /services/couchbase/ yet?)"))
                .readinessCheck("memcached", ReadinessCheck.nonEmpty(store::nodes, "no memcached node is known"))
                .meterRegistry(registry)
                .start());
        announce(settings, discovery);
    }

    /**
     * Registers {@code /services/web/<instance>} once {@code /readyz} has passed, until the instance drains.
     * Not while it passes: {@code /readyz} also fails while Couchbase does, on every instance at once, and a
     * front door emptied by a Couchbase failover would answer 503 to everyone although the instances still
     * serve the page and their WebSockets (with the last data). A dead instance is taken out by the load
     * balancer's own check ({@code /healthz}) and by its lease. Close order (the reverse of this): fail
     * {@code /readyz}, withdraw the key, wait until the load balancer sends nothing new (at most the drain
     * timeout), then the server closes its WebSockets with 1001 and stops.
     */
    private void announce(WebServiceSettings settings, Discovery discovery) {
        RsvpWebServer server = web;
        Draining draining = settings.draining();
        settings.announcement().ifPresent(announcement -> {
            closer.register("the drain (no new request for " + draining.quietPeriod().toMillis() + " ms)", () -> {
                long start = System.nanoTime();
                boolean quiet = server.awaitNoNewRequests(draining.quietPeriod(), draining.timeout());
                LOG.info("drained in {} ms{}", (System.nanoTime() - start) / 1_000_000,
                        quiet ? "" : " (timeout: requests were still arriving)");
            });
            RegistrationRequest request = RegistrationRequest.builder(WebAnnouncement.SERVICE, announcement.instance(),
                            announcement.address()).ttl(announcement.ttl())
                    .probe(servedOnceAndNotDraining(server), ANNOUNCE_PROBE_INTERVAL).build();
            closer.register("the registration " + request.key(), WITHDRAW_TIMEOUT,
                    "withdrawing " + request.key() + " (it expires with its lease within "
                            + announcement.ttl().toSeconds() + " s; the load balancer's check of /readyz stops "
                            + "traffic before that)",
                    discovery.register(request));
            closer.register("the request count after leaving", server::leaving);
            LOG.info("announcing {} = {} once /readyz passes, until the instance drains", request.key(), announcement.address());
        });
        closer.register("/readyz (draining)", server::drain);
    }

    /** Passes from the first time {@code /readyz} passes until the server drains. */
    private static HealthProbe servedOnceAndNotDraining(RsvpWebServer server) {
        AtomicBoolean readyOnce = new AtomicBoolean();
        return () -> {
            if (server.draining()) {
                return false;
            }
            if (!readyOnce.get() && server.notReadyBecause().isEmpty()) {
                readyOnce.set(true);
            }
            return readyOnce.get();
        };
    }

    /**
     * The session store on the registered memcached nodes, kept in step with them by a supervisor like
     * Couchbase's: under RELOAD a new node list is applied to the same store, under EXIT a restart is asked for.
     */
    private MemcachedSessionStore startSessionStore(WebServiceSettings settings, Discovery discovery,
                                                    RestartRequestListener restarts) {
        ServiceSnapshot first = waitForMemcached(discovery);
        MemcachedSettings.Builder memcached = MemcachedSettings.builder().nodes(MemcachedNodes.of(first).addresses());
        settings.sessionRecordSecret().ifPresent(memcached::recordSecret); // connect-memcached's `secret`
        memcached.heirBackup(settings.sessionHeirBackup());
        MemcachedSessionStore store = closer.register(SessionStores.memcached(memcached.build()));
        ComponentSupervisor<MemcachedNodes> nodes = closer.register(ComponentSupervisor.<MemcachedNodes>builder()
                .name(MEMCACHED_SERVICE)
                .policy(settings.policy())
                .factory(MemcachedNodes::of)
                .onSwap(next -> store.replaceNodes(next.addresses()))
                .restartListener(restarts)
                .build());
        nodes.start(first);
        closer.register(discovery.watch(MEMCACHED_SERVICE, nodes));
        return store;
    }

    /** The web server, for its address and client count. */
    public RsvpWebServer web() {
        return web;
    }

    /** Sessions need at least one node to start; a sidekick registers one within seconds. */
    private static ServiceSnapshot waitForMemcached(Discovery discovery) {
        Instant deadline = Instant.now().plus(MEMCACHED_WAIT);
        boolean logged = false;
        while (true) {
            ServiceSnapshot snapshot = discovery.lookup(MEMCACHED_SERVICE);
            if (!snapshot.isEmpty()) {
                return snapshot;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no memcached node registered under /services/memcached/ within "
                        + MEMCACHED_WAIT.toSeconds() + " s");
            }
            if (!logged) {
                LOG.info("waiting for a memcached node under /services/memcached/");
                logged = true;
            }
            try {
                Thread.sleep(500); // start-up wait for a registration, bounded by MEMCACHED_WAIT
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for memcached", e);
            }
        }
    }

    /** Stops serving, then closes sessions, Couchbase and the watches, in reverse order of start. */
    @Override
    public void close() {
        closer.close();
    }
}
