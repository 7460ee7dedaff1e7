package dev.rsvpstack.testkit.etcd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The etcd 3.4 command line of one member of a statically bootstrapped cluster. Every member
 * lists all peers in {@code --initial-cluster}; when a member restarts on its existing data
 * directory, etcd ignores the bootstrap flags and the member rejoins under its old identity.
 */
final class EtcdCommandLine {
    /** Raft timings: short enough for quick elections in tests, ten heartbeats per election timeout. */
    static final int HEARTBEAT_MILLIS = 100;
    static final int ELECTION_TIMEOUT_MILLIS = 1000;

    private EtcdCommandLine() {
    }

    static List<String> of(Path binary, EtcdMemberSpec self, List<EtcdMemberSpec> cluster, String clusterToken) {
        String initialCluster = cluster.stream()
                .map(member -> member.name() + "=" + member.peerUrl())
                .collect(Collectors.joining(","));
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--name=" + self.name());
        command.add("--data-dir=" + self.dataDir());
        command.add("--listen-client-urls=" + self.clientUrl());
        command.add("--advertise-client-urls=" + self.clientUrl());
        command.add("--listen-peer-urls=" + self.listenPeerUrl());
        command.add("--initial-advertise-peer-urls=" + self.peerUrl());
        command.add("--initial-cluster=" + initialCluster);
        command.add("--initial-cluster-state=new");
        command.add("--initial-cluster-token=" + clusterToken);
        command.add("--heartbeat-interval=" + HEARTBEAT_MILLIS);
        command.add("--election-timeout=" + ELECTION_TIMEOUT_MILLIS);
        command.add("--logger=zap");
        command.add("--log-outputs=stderr");
        return List.copyOf(command);
    }
}
