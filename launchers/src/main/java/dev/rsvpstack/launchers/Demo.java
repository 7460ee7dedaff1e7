package dev.rsvpstack.launchers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.RsvpStores;
import dev.rsvpstack.sim.RsvpGenerator;
import dev.rsvpstack.sim.RsvpSimulator;
import dev.rsvpstack.sim.SimulatorSettings;
import dev.rsvpstack.couchbase.Couchbase;
import dev.rsvpstack.couchbase.CouchbaseConnection;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.Closer;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.discovery.StaticDiscovery;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import dev.rsvpstack.web.CouchbaseRsvps;
import dev.rsvpstack.web.RsvpWebServer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The whole stack in one JVM on embedded defaults: CouchbaseMock, the simulator, the archiver, the
 * web server with in-memory sessions, and static discovery. Everything it starts is closed in reverse order.
 */
public final class Demo implements AutoCloseable {
    private static final String BUCKET = "rsvps";
    private static final Duration COUCHBASE_READY = Duration.ofSeconds(30);
    private static final Duration PAGER_INTERVAL = Duration.ofSeconds(1);

    private final Closer resources = new Closer("demo");
    private RsvpSimulator simulator;
    private RsvpArchiver archiver;
    private RsvpWebServer web;

    private Demo() {
    }

    /** Starts every piece; if one fails, what already started is closed before the error propagates. */
    public static Demo start(DemoSettings settings) {
        Demo demo = new Demo();
        try {
            demo.startPieces(settings);
            return demo;
        } catch (RuntimeException e) {
            throw demo.resources.closeAfter(e);
        }
    }

    private void startPieces(DemoSettings settings) {
        ObjectMapper mapper = new ObjectMapper();
        String password = randomSecret();
        EmbeddedCouchbase couchbase = resources.register(EmbeddedCouchbase.start(BUCKET, password)
                .boundDocuments(PAGER_INTERVAL, settings.maxDocuments()));
        // The book's non-production branch: every address fixed, no etcd.
        Discovery discovery = resources.register(StaticDiscovery.builder()
                .service("couchbase", "127.0.0.1:" + couchbase.kvPort()).build());
        ServiceSnapshot couchbaseNodes = discovery.lookup("couchbase");

        // The archiver and the web each hold their own connection, as they do on a cluster.
        CouchbaseSettings couchbaseSettings = CouchbaseSettings.builder().nodes(couchbaseNodes).bucket(BUCKET)
                .password(password).readyTimeout(COUCHBASE_READY).designDocument(RsvpViews.DESIGN_DOCUMENT).build();
        CouchbaseConnection archive = resources.register(Couchbase.connect(couchbaseSettings));
        CouchbaseConnection reader = resources.register(Couchbase.connect(couchbaseSettings));

        simulator = resources.register(RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, settings.ratePerSecond(),
                SimulatorSettings.DEFAULT_HISTORY, settings.stopAfter()),
                new RsvpGenerator(mapper, Clock.systemUTC(), System.nanoTime(), System.currentTimeMillis())));
        archiver = resources.register(new RsvpArchiver(ArchiverSettings.of(simulator.uri()), new RsvpParser(mapper),
                RsvpStores.couchbase(archive, settings.retention())).start());
        Sessions sessions = Sessions.builder(resources.register(SessionStores.inMemory()),
                SessionSettings.builder(randomSecret()).saveUninitialized(true).build()).build();
        web = resources.register(RsvpWebServer.builder(settings.web()).source(CouchbaseRsvps.source(reader)).sessions(sessions)
                .objectMapper(mapper).meterRegistry(Registries.prometheus()).start());
    }

    public RsvpWebServer web() {
        return web;
    }

    public RsvpArchiver archiver() {
        return archiver;
    }

    public RsvpSimulator simulator() {
        return simulator;
    }

    /** The demo's secrets are throwaway, but never constants in the code. */
    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        resources.close();
    }
}
