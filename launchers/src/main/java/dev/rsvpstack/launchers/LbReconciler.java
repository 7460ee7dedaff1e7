package dev.rsvpstack.launchers;

import dev.rsvpstack.discovery.ServiceInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Brings one HAProxy backend to the instances registered in etcd, through the Runtime API only: an
 * instance missing from the backend is added (in maintenance, then made ready), a moved one gets its new
 * address, one in maintenance is made ready, and a server nobody registers any more is put in maintenance
 * (no new traffic) and deleted once HAProxy has no connection on it. Every pass starts from
 * {@code show servers state}, so a restarted HAProxy (an empty backend) or a change made by hand is
 * repaired at the next pass. Server names are the instance ids. The backend belongs to lb-sync.
 */
final class LbReconciler {
    private final HaproxyRuntime haproxy;
    private final String backend;
    private final String serverOptions;

    /**
     * @param serverOptions server keywords for {@code add server}, for example {@code check inter 1s}
     */
    LbReconciler(HaproxyRuntime haproxy, String backend, String serverOptions) {
        this.haproxy = Objects.requireNonNull(haproxy, "haproxy");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.serverOptions = Objects.requireNonNull(serverOptions, "serverOptions").strip();
    }

    /**
     * What one pass did and saw.
     *
     * @param actions  the changes made, in words ({@code added web-1 at 10.0.0.1:3000}); empty when in step
     * @param refused  commands HAProxy refused, in words; the next pass tries again
     * @param draining servers out of etcd that HAProxy keeps while connections remain
     * @param servers  the backend after the pass
     */
    record Pass(List<String> actions, List<String> refused, List<String> draining, List<HaproxyRuntime.Server> servers) {
    }

    /**
     * @param wanted the registered instances, by id
     * @throws IOException when HAProxy cannot be reached (nothing more is tried in this pass)
     */
    Pass reconcile(Map<String, ServiceInstance> wanted) throws IOException {
        Map<String, HaproxyRuntime.Server> present = new LinkedHashMap<>();
        for (HaproxyRuntime.Server server : haproxy.servers(backend)) {
            present.put(server.name(), server);
        }
        List<String> actions = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> draining = new ArrayList<>();
        for (Map.Entry<String, ServiceInstance> entry : wanted.entrySet()) {
            String name = entry.getKey();
            ServiceInstance instance = entry.getValue();
            HaproxyRuntime.Server server = present.get(name);
            try {
                if (server == null) {
                    haproxy.add(backend, name, instance.hostAndPort(), serverOptions);
                    haproxy.ready(backend, name);
                    actions.add("added " + name + " at " + instance.hostAndPort());
                    continue;
                }
                if (!server.address().equals(instance.host()) || server.port() != instance.port()) {
                    haproxy.move(backend, name, instance.host(), instance.port());
                    actions.add("moved " + name + " from " + server.hostAndPort() + " to " + instance.hostAndPort());
                }
                if (server.inMaintenance()) {
                    haproxy.ready(backend, name);
                    actions.add("made " + name + " ready");
                }
            } catch (HaproxyRuntime.HaproxyException e) {
                refused.add(e.getMessage());
            }
        }
        for (HaproxyRuntime.Server server : present.values()) {
            if (wanted.containsKey(server.name())) {
                continue;
            }
            try {
                if (!server.inMaintenance()) {
                    haproxy.maintenance(backend, server.name());
                    actions.add("put " + server.name() + " in maintenance");
                }
                if (haproxy.delete(backend, server.name())) {
                    actions.add("deleted " + server.name());
                } else {
                    draining.add(server.name());
                }
            } catch (HaproxyRuntime.HaproxyException e) {
                refused.add(e.getMessage());
            }
        }
        List<HaproxyRuntime.Server> after = actions.isEmpty() ? List.copyOf(present.values()) : haproxy.servers(backend);
        return new Pass(List.copyOf(actions), List.copyOf(refused), List.copyOf(draining), after);
    }
}
