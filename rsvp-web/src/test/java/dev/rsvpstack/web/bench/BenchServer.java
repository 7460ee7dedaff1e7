package dev.rsvpstack.web.bench;

import dev.rsvpstack.web.TestRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import dev.rsvpstack.web.LatestRsvpsSource;
import dev.rsvpstack.web.MinuteCount;
import dev.rsvpstack.web.RsvpRow;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.WebSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The web server for bench/web/run: an in-memory source whose data changes every {@code changeMs}
 * (so every poll after a change pushes one update), with or without sessions in memcached.
 * Usage: {@code BenchServer <port> <pollMs> <changeMs> [memcached host:port,...]}
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pollMs = Long.parseLong(args[1]);
        long changeMs = Long.parseLong(args[2]);
        WebSettings settings = WebSettings.builder().host("127.0.0.1").port(port).pollInterval(Duration.ofMillis(pollMs))
                .maxConnections(20_000).build();
        PrometheusMeterRegistry registry = TestRegistry.create();
        new JvmMemoryMetrics().bindTo(registry); // bench/web/run reads the heap after a fan-out run
        RsvpWebServer.Builder builder = RsvpWebServer.builder(settings).source(new ChangingSource(changeMs))
                .meterRegistry(registry);
        MemcachedSessionStore store = null;
        if (args.length > 3) {
            store = SessionStores.memcached(MemcachedSettings.builder().nodes(nodes(args[3])).build());
            builder.sessions(Sessions.builder(store, SessionSettings.builder("bench-secret").saveUninitialized(true).build())
                    .build());
        }
        RsvpWebServer web = builder.start();
        System.out.println("ready " + web.uri());
        CountDownLatch stop = new CountDownLatch(1);
        MemcachedSessionStore sessions = store;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            web.close();
            if (sessions != null) {
                sessions.close();
            }
            stop.countDown();
        }));
        stop.await();
    }

    /** {@code host:port,...} as memcached nodes. */
    static List<InetSocketAddress> nodes(String hostPorts) {
        return Arrays.stream(hostPorts.split(",")).map(hostPort -> {
            int colon = hostPort.lastIndexOf(':');
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }).toList();
    }

    /** Ten RSVPs and thirty minute counts, all different each {@code changeMs}. */
    /** Package-private: BareUndertowServer pushes the same data. */
    static final class ChangingSource implements LatestRsvpsSource {
        private final long changeMs;

        ChangingSource(long changeMs) {
            this.changeMs = changeMs;
        }

        @Override
        public List<RsvpRow> latest(int limit) {
            long version = System.currentTimeMillis() / changeMs;
            List<RsvpRow> rows = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                long id = version * 100 + i;
                rows.add(new RsvpRow(id, version * changeMs - i * 997L, "Member " + id, i % 3 == 0 ? "no" : "yes",
                        "Kotlin and Java user group meetup number " + id, "https://www.meetup.com/jug/events/" + id + "/",
                        "Java User Group", "Zürich"));
            }
            return rows;
        }

        @Override
        public List<MinuteCount> countsPerMinute(long fromEpochMinute, long toEpochMinute) {
            long version = System.currentTimeMillis() / changeMs;
            List<MinuteCount> counts = new ArrayList<>();
            for (long minute = fromEpochMinute; minute <= toEpochMinute; minute++) {
                counts.add(new MinuteCount(minute, (minute * 31 + version) % 97));
            }
            return counts;
        }
    }
}
