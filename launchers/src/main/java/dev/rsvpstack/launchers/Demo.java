package dev.rsvpstack.launchers;

import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.archiver.ArchiverSettings;
import dev.rsvpstack.archiver.RsvpArchiver;
import dev.rsvpstack.archiver.RsvpParser;
import dev.rsvpstack.archiver.internal.CouchbaseRsvpStore;
import dev.rsvpstack.archiver.sim.RsvpGenerator;
import dev.rsvpstack.archiver.sim.RsvpSimulator;
import dev.rsvpstack.archiver.sim.SimulatorSettings;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.internal.CouchbaseLatestRsvps;
import dev.rsvpstack.archiver.RsvpViews;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack in one JVM on embedded defaults: CouchbaseMock, the simulator, the archiver and
 * the web server. Everything it starts is closed in reverse order.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final String BUCKET = "rsvps";
    private static final Duration COUCHBASE_READY = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
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
            demo.close();
            throw e;
        }
    }

    private void startPieces(DemoSettings settings) {
        ObjectMapper mapper = new ObjectMapper();
        EmbeddedCouchbase couchbase = own(EmbeddedCouchbase.start(BUCKET, randomPassword()));
        Cluster cluster = EmbeddedCouchbase.connect(couchbase, COUCHBASE_READY);
        own(cluster::disconnect);
        Bucket bucket = cluster.bucket(BUCKET);
        RsvpViews.ensure(bucket);

        simulator = own(RsvpSimulator.start(new SimulatorSettings("127.0.0.1", 0, settings.ratePerSecond()),
                new RsvpGenerator(mapper, Clock.systemUTC(), System.nanoTime(), System.currentTimeMillis())));
        archiver = own(new RsvpArchiver(ArchiverSettings.of(simulator.uri()), new RsvpParser(mapper),
                new CouchbaseRsvpStore(bucket.defaultCollection())).start());
        web = own(RsvpWebServer.start(settings.web(), new CouchbaseLatestRsvps(bucket), mapper));
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

    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** The demo's bucket is throwaway, but a password is still never a constant in the code. */
    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource, e);
            }
        }
    }
}
