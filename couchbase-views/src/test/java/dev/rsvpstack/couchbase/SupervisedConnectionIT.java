package dev.rsvpstack.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.couchbase.client.java.json.JsonObject;
import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import dev.rsvpstack.discovery.RestartPolicy;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.discovery.ServiceSnapshot;
import dev.rsvpstack.testkit.couchbase.CouchbaseMockExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SupervisedConnectionIT {
    @RegisterExtension
    static final CouchbaseMockExtension FIRST = CouchbaseMockExtension.inProcess();
    @RegisterExtension
    static final CouchbaseMockExtension SECOND = CouchbaseMockExtension.inProcess();

    @Test
    void a_moved_couchbase_is_reconnected_in_place_without_failing_queries_in_flight() throws Exception {
        FIRST.cluster().bucket(FIRST.bucketName()).defaultCollection().upsert("rsvp::1",
                JsonObject.create().put("rsvp_id", 1).put("mtime", 1_000));
        try (SupervisedConnection couchbase = SupervisedConnection.builder().policy(RestartPolicy.RELOAD)
                .settings(snapshot -> CouchbaseSettings.builder().nodes(snapshot).bucket(FIRST.bucketName())
                        .password(FIRST.password()).designDocument(RsvpViews.DESIGN_DOCUMENT).build())
                .build()) {
            assertThatThrownBy(() -> couchbase.query(RsvpViews.latest(1)))
                    .hasMessageContaining("no Couchbase connection");
            couchbase.onSnapshot(snapshot(1, FIRST), List.of());
            assertThat(couchbase.connected()).isTrue();
            assertThat(couchbase.query(RsvpViews.latest(10))).hasSize(1);

            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger answered = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> pollers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread poller = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            couchbase.query(RsvpViews.latest(10));
                            answered.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                poller.start();
                pollers.add(poller);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= 5);

            couchbase.onSnapshot(snapshot(2, SECOND), List.of()); // connects to the new one, then swaps
            assertThat(couchbase.reconnects()).isEqualTo(1);
            int atMove = answered.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= atMove + 5);
            stop.set(true);
            for (Thread poller : pollers) {
                poller.join(10_000);
            }

            assertThat(failures).as("queries failed during the move").isEmpty();
            assertThat(couchbase.query(RsvpViews.latest(10))).as("the new Couchbase is empty").isEmpty();
            assertThat(couchbase.health().isOk()).isTrue();
        }
    }

    private static ServiceSnapshot snapshot(long revision, CouchbaseMockExtension couchbase) {
        return new ServiceSnapshot("couchbase", List.of(new ServiceInstance("1", "127.0.0.1",
                couchbase.server().kvPort())), revision);
    }
}
