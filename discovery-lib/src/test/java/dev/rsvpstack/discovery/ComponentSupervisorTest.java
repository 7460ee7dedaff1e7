package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ComponentSupervisorTest {
    /** What happened, in order, across builds, closes and reports. */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> restartReasons = new CopyOnWriteArrayList<>();

    /** A client of the supervised service: records its life in {@link #events}. */
    final class FakeClient implements AutoCloseable {
        final List<String> addresses;
        volatile boolean closed;

        FakeClient(ServiceSnapshot snapshot) {
            this.addresses = snapshot.hostsAndPorts();
            events.add("built " + addresses);
        }

        @Override
        public void close() {
            closed = true;
            events.add("closed " + addresses);
        }
    }

    private static ServiceSnapshot couchbase(long revision, String... hosts) {
        List<ServiceInstance> instances = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            instances.add(new ServiceInstance(String.valueOf(i + 1), hosts[i], 11210));
        }
        return new ServiceSnapshot("couchbase", instances, revision);
    }

    private static ServiceChange moved(String id, String from, String to, long revision) {
        return new ServiceChange(ChangeKind.MOVED, "couchbase", id, from, to, revision);
    }

    private ComponentSupervisor<FakeClient> supervisor(RestartPolicy policy, Function<ServiceSnapshot, FakeClient> factory) {
        return ComponentSupervisor.<FakeClient>builder()
                .name("couchbase")
                .policy(policy)
                .factory(factory)
                .restartListener((component, reason) -> restartReasons.add(component + ": " + reason))
                .build();
    }

    @Test
    void reload_builds_the_new_component_before_closing_the_old() {
        List<FakeClient> swapped = new ArrayList<>();
        ComponentSupervisor<FakeClient> supervisor = ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.RELOAD).factory(FakeClient::new)
                .onSwap(client -> {
                    events.add("swapped " + client.addresses);
                    swapped.add(client);
                })
                .build();
        FakeClient first = supervisor.start(couchbase(5, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(9, "10.1.53.5"), List.of(moved("1", "10.1.1.2", "10.1.53.5", 9)));

        assertThat(events).containsExactly(
                "built [10.1.1.2:11210]",
                "built [10.1.53.5:11210]",
                "swapped [10.1.53.5:11210]",
                "closed [10.1.1.2:11210]");
        assertThat(first.closed).isTrue();
        assertThat(supervisor.current()).isSameAs(swapped.get(0));
        assertThat(supervisor.current().closed).isFalse();
        assertThat(supervisor.snapshot().revision()).isEqualTo(9);
        assertThat(supervisor.rebuilds()).isEqualTo(1);
        assertThat(restartReasons).isEmpty();
    }

    @Test
    void the_first_component_from_the_watch_is_handed_to_on_swap_and_the_started_one_is_not() {
        ComponentSupervisor<FakeClient> fromWatch = ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.RELOAD).factory(FakeClient::new)
                .onSwap(client -> events.add("swapped " + client.addresses))
                .build();
        // registered after the start: nothing holds the component the watch builds
        fromWatch.onSnapshot(couchbase(3, "10.1.1.2"), List.of());

        assertThat(events).containsExactly("built [10.1.1.2:11210]", "swapped [10.1.1.2:11210]");
        assertThat(fromWatch.current().addresses).hasToString("[10.1.1.2:11210]");

        events.clear();
        ComponentSupervisor<FakeClient> started = ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.RELOAD).factory(FakeClient::new)
                .onSwap(client -> events.add("swapped " + client.addresses))
                .build();
        started.start(couchbase(3, "10.1.1.2")); // its caller has it

        assertThat(events).containsExactly("built [10.1.1.2:11210]");
    }

    @Test
    void on_swap_for_the_first_component_may_wait_on_a_thread_that_reads_the_supervisor() {
        // The archiver's callback takes its own lock, which a status request may hold while it asks the
        // supervisor for the component: the callback must not run under the supervisor's lock.
        AtomicReference<ComponentSupervisor<FakeClient>> holder = new AtomicReference<>();
        ComponentSupervisor<FakeClient> supervisor = ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.RELOAD).factory(FakeClient::new)
                .onSwap(client -> {
                    boolean readable = CompletableFuture.supplyAsync(() -> holder.get().restartRequested())
                            .completeOnTimeout(null, 5, TimeUnit.SECONDS).join() != null;
                    events.add("another thread read the supervisor: " + readable);
                })
                .build();
        holder.set(supervisor);

        supervisor.onSnapshot(couchbase(3, "10.1.1.2"), List.of());

        assertThat(events).containsExactly("built [10.1.1.2:11210]", "another thread read the supervisor: true");
    }

    @Test
    void failed_rebuild_keeps_the_old_component() {
        AtomicBoolean couchbaseDown = new AtomicBoolean();
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, snapshot -> {
            if (couchbaseDown.get()) {
                throw new IllegalStateException("connection refused");
            }
            return new FakeClient(snapshot);
        });
        FakeClient first = supervisor.start(couchbase(5, "10.1.1.2"));

        couchbaseDown.set(true);
        supervisor.onSnapshot(couchbase(9, "10.1.53.5"), List.of(moved("1", "10.1.1.2", "10.1.53.5", 9)));

        assertThat(supervisor.current()).isSameAs(first);
        assertThat(first.closed).isFalse();
        assertThat(supervisor.snapshot().revision()).isEqualTo(5);
        assertThat(supervisor.failedRebuilds()).isEqualTo(1);
        assertThat(supervisor.rebuilds()).isZero();

        // the next change tries again, from the snapshot the live component was built on
        couchbaseDown.set(false);
        supervisor.onSnapshot(couchbase(9, "10.1.53.5"), List.of());

        assertThat(supervisor.current()).isNotSameAs(first);
        assertThat(supervisor.current().addresses).containsExactly("10.1.53.5:11210");
        assertThat(first.closed).isTrue();
    }

    @Test
    void a_factory_returning_null_counts_as_a_failed_rebuild() {
        List<FakeClient> built = new ArrayList<>();
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD,
                snapshot -> built.isEmpty() ? record(built, new FakeClient(snapshot)) : null);
        FakeClient first = supervisor.start(couchbase(1, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(2, "10.1.1.3"), List.of());

        assertThat(supervisor.current()).isSameAs(first);
        assertThat(supervisor.failedRebuilds()).isEqualTo(1);
    }

    @Test
    void a_failing_close_of_the_old_component_does_not_undo_the_swap() {
        ComponentSupervisor<AutoCloseable> supervisor = ComponentSupervisor.<AutoCloseable>builder()
                .name("memcached").policy(RestartPolicy.RELOAD)
                .factory(snapshot -> () -> {
                    // captures the snapshot, so each build is a distinct object
                    throw new java.io.IOException("socket to " + snapshot.hostsAndPorts() + " already gone");
                })
                .build();
        AutoCloseable first = supervisor.start(couchbase(1, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(2, "10.1.1.3"), List.of());

        assertThat(supervisor.current()).isNotSameAs(first);
        assertThat(supervisor.rebuilds()).isEqualTo(1);
    }

    @Test
    void exit_policy_reports_once_and_keeps_running() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.EXIT, FakeClient::new);
        FakeClient first = supervisor.start(couchbase(5, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(9, "10.1.53.5"), List.of(moved("1", "10.1.1.2", "10.1.53.5", 9)));
        supervisor.onSnapshot(couchbase(12, "10.1.53.5", "10.1.53.6"),
                List.of(new ServiceChange(ChangeKind.ADDED, "couchbase", "2", null, "10.1.53.6", 12)));

        assertThat(restartReasons).containsExactly("couchbase: couchbase MOVED 1: 10.1.1.2 -> 10.1.53.5");
        assertThat(supervisor.restartRequested()).isTrue();
        assertThat(supervisor.current()).isSameAs(first);
        assertThat(first.closed).isFalse();
        assertThat(events).containsExactly("built [10.1.1.2:11210]");
    }

    @Test
    void exit_reason_names_every_change_folded_into_the_snapshot() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.EXIT, FakeClient::new);
        supervisor.start(couchbase(5, "10.1.1.2", "10.1.1.3"));

        supervisor.onSnapshot(couchbase(9, "10.1.1.2", "10.1.1.4"), List.of(
                new ServiceChange(ChangeKind.REMOVED, "couchbase", "2", "10.1.1.3", null, 8),
                new ServiceChange(ChangeKind.ADDED, "couchbase", "2", null, "10.1.1.4", 9)));

        assertThat(restartReasons).containsExactly(
                "couchbase: couchbase REMOVED 2: was 10.1.1.3; couchbase ADDED 2: 10.1.1.4");
    }

    @Test
    void exit_reason_after_a_relist_compares_the_addresses() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.EXIT, FakeClient::new);
        supervisor.start(couchbase(5, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(40, "10.1.1.9"), List.of());

        assertThat(restartReasons).containsExactly(
                "couchbase: couchbase instances [10.1.1.2:11210] -> [10.1.1.9:11210]");
    }

    @Test
    void unchanged_snapshot_rebuilds_nothing() {
        ComponentSupervisor<FakeClient> reload = supervisor(RestartPolicy.RELOAD, FakeClient::new);
        ComponentSupervisor<FakeClient> exit = supervisor(RestartPolicy.EXIT, FakeClient::new);
        FakeClient reloadFirst = reload.start(couchbase(5, "10.1.1.2"));
        FakeClient exitFirst = exit.start(couchbase(5, "10.1.1.2"));

        // a newer revision with the same instances: a re-list after a reconnect, a refreshed key
        reload.onSnapshot(couchbase(77, "10.1.1.2"), List.of());
        exit.onSnapshot(couchbase(77, "10.1.1.2"), List.of());

        assertThat(reload.current()).isSameAs(reloadFirst);
        assertThat(exit.current()).isSameAs(exitFirst);
        assertThat(reload.rebuilds()).isZero();
        assertThat(restartReasons).isEmpty();
        assertThat(events).containsExactly("built [10.1.1.2:11210]", "built [10.1.1.2:11210]");
    }

    @Test
    void the_first_snapshot_from_a_watch_starts_an_unstarted_supervisor() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.EXIT, FakeClient::new);

        supervisor.onSnapshot(couchbase(3, "10.1.1.2"), List.of());

        assertThat(supervisor.current().addresses).containsExactly("10.1.1.2:11210");
        assertThat(restartReasons).isEmpty();
    }

    @Test
    void start_fails_loudly_when_the_first_component_cannot_be_built() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, snapshot -> {
            throw new IllegalStateException("bucket rsvps not found");
        });

        assertThatThrownBy(() -> supervisor.start(couchbase(1, "10.1.1.2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("couchbase")
                .hasMessageContaining("bucket rsvps not found");
        assertThatThrownBy(supervisor::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_closes_the_live_component_and_ignores_later_snapshots() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, FakeClient::new);
        FakeClient first = supervisor.start(couchbase(1, "10.1.1.2"));

        supervisor.close();
        supervisor.onSnapshot(couchbase(2, "10.1.1.3"), List.of());
        supervisor.close();

        assertThat(first.closed).isTrue();
        assertThat(events).containsExactly("built [10.1.1.2:11210]", "closed [10.1.1.2:11210]");
        assertThatThrownBy(supervisor::current).hasMessageContaining("closed");
    }

    @Test
    void readers_on_other_threads_always_find_a_component_during_reloads() throws Exception {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, FakeClient::new);
        supervisor.start(couchbase(0, "10.0.0.0"));
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> readerErrors = new CopyOnWriteArrayList<>();
        CountDownLatch readerStarted = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            readerStarted.countDown();
            while (!done.get()) {
                try {
                    assertThat(supervisor.current()).isNotNull();
                } catch (Throwable t) {
                    readerErrors.add(t);
                }
            }
        });
        reader.start();
        readerStarted.await(5, TimeUnit.SECONDS);

        for (int i = 1; i <= 500; i++) {
            supervisor.onSnapshot(couchbase(i, "10.0." + (i / 250) + "." + (i % 250)), List.of());
        }
        done.set(true);
        reader.join(5_000);

        assertThat(readerErrors).isEmpty();
        assertThat(supervisor.rebuilds()).isEqualTo(500);
        assertThat(supervisor.current().closed).isFalse();
    }

    @Test
    void build_rejects_an_incomplete_supervisor() {
        assertThatThrownBy(() -> ComponentSupervisor.<FakeClient>builder()
                .policy(RestartPolicy.RELOAD).factory(FakeClient::new).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").factory(FakeClient::new).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy");
        assertThatThrownBy(() -> ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.RELOAD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factory");
        assertThatThrownBy(() -> ComponentSupervisor.<FakeClient>builder()
                .name("couchbase").policy(RestartPolicy.EXIT).factory(FakeClient::new).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restart listener");
    }

    private static FakeClient record(List<FakeClient> built, FakeClient client) {
        built.add(client);
        return client;
    }

    @Test
    void an_empty_first_snapshot_waits_for_an_instance_without_building() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, FakeClient::new);

        supervisor.onSnapshot(couchbase(3), List.of());

        assertThat(events).isEmpty();
        assertThat(supervisor.failedRebuilds()).isZero();

        supervisor.onSnapshot(couchbase(4, "10.1.1.2"), List.of());

        assertThat(events).containsExactly("built [10.1.1.2:11210]");
    }

    @Test
    void losing_every_instance_keeps_the_component_until_one_is_back() {
        ComponentSupervisor<FakeClient> supervisor = supervisor(RestartPolicy.RELOAD, FakeClient::new);
        FakeClient first = supervisor.start(couchbase(5, "10.1.1.2"));

        supervisor.onSnapshot(couchbase(6), List.of(new ServiceChange(ChangeKind.REMOVED, "couchbase", "1",
                "10.1.1.2", null, 6)));

        assertThat(supervisor.current()).isSameAs(first);
        assertThat(first.closed).isFalse();
        assertThat(supervisor.failedRebuilds()).isZero();
    }
}
