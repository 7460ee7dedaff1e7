package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rsvpstack.discovery.ServiceInstance;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LbReconcilerTest {
    private final FakeHaproxy haproxy = new FakeHaproxy("web");
    private final LbReconciler reconciler = new LbReconciler(new HaproxyRuntime(haproxy), "web", "check inter 1s");

    @Test
    void a_registered_instance_is_added_with_its_check_and_made_ready() throws IOException {
        LbReconciler.Pass pass = reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));

        assertThat(haproxy.commands).containsSubsequence("add server web/web-1 10.0.0.1:3000 check inter 1s",
                "enable health web/web-1", "set server web/web-1 state ready");
        assertThat(pass.actions()).containsExactly("added web-1 at 10.0.0.1:3000");
        assertThat(pass.servers()).singleElement().satisfies(server -> {
            assertThat(server.hostAndPort()).isEqualTo("10.0.0.1:3000");
            assertThat(server.describe()).isEqualTo("UP");
        });
    }

    @Test
    void a_pass_in_step_changes_nothing() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));
        haproxy.commands.clear();

        LbReconciler.Pass pass = reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));

        assertThat(pass.actions()).isEmpty();
        assertThat(haproxy.commands).containsExactly("show servers state web");
    }

    @Test
    void a_moved_instance_gets_its_new_address_in_place() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));

        LbReconciler.Pass pass = reconciler.reconcile(wanted("web-1", "10.0.0.9", 3001));

        assertThat(haproxy.commands).contains("set server web/web-1 addr 10.0.0.9 port 3001");
        assertThat(pass.actions()).containsExactly("moved web-1 from 10.0.0.1:3000 to 10.0.0.9:3001");
        assertThat(haproxy.servers).containsOnlyKeys("web-1");
    }

    @Test
    void a_server_no_longer_registered_goes_to_maintenance_before_it_is_deleted() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));

        LbReconciler.Pass pass = reconciler.reconcile(Map.of());

        assertThat(haproxy.commands).containsSubsequence("set server web/web-1 state maint", "del server web/web-1");
        assertThat(pass.actions()).containsExactly("put web-1 in maintenance", "deleted web-1");
        assertThat(haproxy.servers).isEmpty();
    }

    @Test
    void a_server_with_open_connections_stays_in_maintenance_until_a_later_pass_can_delete_it() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));
        haproxy.withConnections.add("web-1");

        LbReconciler.Pass first = reconciler.reconcile(Map.of());
        assertThat(first.draining()).containsExactly("web-1");
        assertThat(first.servers()).singleElement().satisfies(server -> assertThat(server.describe()).isEqualTo("MAINT"));

        haproxy.withConnections.clear();
        LbReconciler.Pass second = reconciler.reconcile(Map.of());
        assertThat(second.actions()).containsExactly("deleted web-1");
        assertThat(haproxy.servers).isEmpty();
    }

    @Test
    void a_restarted_haproxy_with_an_empty_backend_is_filled_again() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));
        haproxy.servers.clear(); // what a restart leaves

        LbReconciler.Pass pass = reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));

        assertThat(pass.actions()).containsExactly("added web-1 at 10.0.0.1:3000");
    }

    @Test
    void a_server_put_in_maintenance_by_hand_while_registered_is_made_ready_again() throws IOException {
        reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000));
        haproxy.servers.get("web-1").admin = 1;

        assertThat(reconciler.reconcile(wanted("web-1", "10.0.0.1", 3000)).actions()).containsExactly("made web-1 ready");
    }

    @Test
    void a_refused_command_is_reported_and_the_other_servers_are_still_handled() throws IOException {
        LbReconciler broken = new LbReconciler(new HaproxyRuntime(command -> command.startsWith("add server web/bad")
                ? "Invalid address '999.1.1.1'.\n\n" : haproxy.send(command)), "web", "");
        Map<String, ServiceInstance> wanted = new LinkedHashMap<>(wanted("bad", "999.1.1.1", 3000));
        wanted.putAll(wanted("web-2", "10.0.0.2", 3000));

        LbReconciler.Pass pass = broken.reconcile(wanted);

        assertThat(pass.refused()).singleElement().asString()
                .contains("HAProxy refused 'add server web/bad 999.1.1.1:3000'", "Invalid address");
        assertThat(pass.actions()).containsExactly("added web-2 at 10.0.0.2:3000");
        assertThat(haproxy.commands).doesNotContain("enable health web/web-2"); // no 'check' in the options
    }

    @Test
    void an_unreachable_haproxy_fails_the_pass_with_the_cause_and_an_unknown_backend_is_named() {
        haproxy.down = true;
        assertThatThrownBy(() -> reconciler.reconcile(Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("Connection refused");

        haproxy.down = false;
        LbReconciler wrong = new LbReconciler(new HaproxyRuntime(haproxy), "webz", "");
        assertThatThrownBy(() -> wrong.reconcile(Map.of())).isInstanceOf(HaproxyRuntime.HaproxyException.class)
                .hasMessage("HAProxy refused 'show servers state webz': Can't find backend.");
    }

    private static Map<String, ServiceInstance> wanted(String id, String host, int port) {
        return Map.of(id, new ServiceInstance(id, host, port));
    }
}
