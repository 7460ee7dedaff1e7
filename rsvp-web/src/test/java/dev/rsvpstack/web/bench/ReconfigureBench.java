package dev.rsvpstack.web.bench;

import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.couchbase.CouchbaseSettings;
import dev.rsvpstack.couchbase.SupervisedConnection;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.testkit.couchbase.EmbeddedCouchbase;
import dev.rsvpstack.testkit.etcd.EtcdCluster;
import dev.rsvpstack.web.CouchbaseRsvps;
import dev.rsvpstack.web.RsvpWebServer;
import dev.rsvpstack.web.TestRegistry;
import dev.rsvpstack.web.WebSettings;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reconfigure figure of bench/web/run: from the etcd PUT that announces a new Couchbase
 * to the first push of its data on an open WebSocket. Wired as the web launcher wires it: etcd
 * discovery with the default debounce, a RELOAD-supervised connection whose swap tells the server to
 * query at once, the default 5 s poll interval. One move per JVM (the first reload of a running
 * process, as in the rehearsal); prints {@code name: value} lines.
 * Usage: {@code ReconfigureBench}
 */
public final class ReconfigureBench {
    private static final String KEY = "/services/couchbase/1";
    private static final String BUCKET = "rsvps";
    private static final String PASSWORD = "bench-password";

    private ReconfigureBench() {
    }

    @SuppressWarnings("try") // the watch feeds the connection for the block's duration; nothing calls it
    public static void main(String[] args) throws Exception {
        try (EtcdCluster etcd = new EtcdCluster("reconfigure-bench", 1).start();
             EmbeddedCouchbase first = EmbeddedCouchbase.start(BUCKET, PASSWORD);
             EmbeddedCouchbase second = EmbeddedCouchbase.start(BUCKET, PASSWORD);
             Client etcdClient = Client.builder().endpoints(etcd.endpoints().toArray(URI[]::new)).build()) {
            storeOne(first, 1, "Served by the first Couchbase");
            storeOne(second, 2, "Served by the second Couchbase");
            put(etcdClient, "127.0.0.1:" + first.kvPort());

            AtomicReference<RsvpWebServer> started = new AtomicReference<>();
            AtomicLong swappedAt = new AtomicLong();
            try (Discovery discovery = EtcdDiscovery.builder().endpoints(etcd.endpoints()).build();
                 SupervisedConnection couchbase = SupervisedConnection.builder().policy(RestartPolicy.RELOAD)
                         .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket(BUCKET)
                                 .username(BUCKET).password(PASSWORD).designDocument(RsvpViews.DESIGN_DOCUMENT).build())
                         .onReconnect(connection -> {
                             swappedAt.set(System.nanoTime());
                             RsvpWebServer web = started.get();
                             if (web != null) {
                                 web.sourceChanged();
                             }
                         })
                         .build();
                 AutoCloseable watch = discovery.watch("couchbase", couchbase);
                 RsvpWebServer web = RsvpWebServer.builder(WebSettings.builder().host("127.0.0.1").port(0).build())
                         .source(CouchbaseRsvps.source(couchbase)).meterRegistry(TestRegistry.create()).start()) {
                started.set(web);
                Arrival firstData = new Arrival("Served by the first Couchbase");
                Arrival secondData = new Arrival("Served by the second Couchbase");
                WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(web.socketUri(), new Listener(firstData, secondData)).get(30, TimeUnit.SECONDS);
                firstData.at.get(60, TimeUnit.SECONDS);
                // Settle: the watch's first delivery and the first query are behind us, as in a running web.
                Thread.sleep(3_000); // a fixed pause in a benchmark, not a test condition

                long putAt = System.nanoTime();
                put(etcdClient, "127.0.0.1:" + second.kvPort());
                long arrivedAt = secondData.at.get(60, TimeUnit.SECONDS);
                System.out.printf("reconfigure_ms: %.0f%n", (arrivedAt - putAt) / 1e6);
                System.out.printf("put_to_new_connection_ms: %.0f%n", (swappedAt.get() - putAt) / 1e6);
                System.out.printf("new_connection_to_push_ms: %.0f%n", (arrivedAt - swappedAt.get()) / 1e6);
                System.out.printf("websocket_open_after_the_move: %s%n", !socket.isInputClosed());
                socket.abort();
            }
        }
    }

    private static void put(Client client, String value) throws Exception {
        client.getKVClient().put(bytes(KEY), bytes(value)).get(10, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static void storeOne(EmbeddedCouchbase mock, long id, String eventName) {
        Cluster cluster = EmbeddedCouchbase.connect(mock, Duration.ofSeconds(30));
        try {
            cluster.bucket(mock.bucketName()).defaultCollection().upsert("rsvp::" + id, JsonObject.create()
                    .put("rsvp_id", id).put("mtime", System.currentTimeMillis())
                    .put("event", JsonObject.create().put("event_name", eventName)));
        } finally {
            cluster.disconnect();
        }
    }

    /** When a message containing a marker first arrived (nanoTime). */
    private record Arrival(String marker, CompletableFuture<Long> at) {
        Arrival(String marker) {
            this(marker, new CompletableFuture<>());
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final Arrival[] arrivals;
        private final StringBuilder partial = new StringBuilder();

        Listener(Arrival... arrivals) {
            this.arrivals = arrivals;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                for (Arrival arrival : arrivals) {
                    if (message.contains(arrival.marker())) {
                        arrival.at().complete(now);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }
}
