package dev.rsvpstack.testkit.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdCommandLineTest {
    private final List<EtcdMemberSpec> cluster = List.of(
            new EtcdMemberSpec("member-0", 41000, 41001, Path.of("/t/member-0")),
            new EtcdMemberSpec("member-1", 41002, 41003, Path.of("/t/member-1")),
            new EtcdMemberSpec("member-2", 41004, 41005, Path.of("/t/member-2")));

    @Test
    void every_member_bootstraps_statically_with_all_peers() {
        List<String> command = EtcdCommandLine.of(Path.of("/usr/bin/etcd"), cluster.get(1), cluster, "token-1");

        assertThat(command).first().isEqualTo("/usr/bin/etcd");
        assertThat(command).contains(
                "--initial-cluster=member-0=http://127.0.0.1:41001,member-1=http://127.0.0.1:41003,"
                        + "member-2=http://127.0.0.1:41005",
                "--initial-cluster-state=new",
                "--initial-cluster-token=token-1");
    }

    @Test
    void a_member_listens_on_its_own_loopback_ports_and_data_dir() {
        List<String> command = EtcdCommandLine.of(Path.of("/usr/bin/etcd"), cluster.get(1), cluster, "token-1");

        assertThat(command).contains(
                "--name=member-1",
                "--data-dir=" + Path.of("/t/member-1/data"),
                "--listen-client-urls=http://127.0.0.1:41002",
                "--advertise-client-urls=http://127.0.0.1:41002",
                "--listen-peer-urls=http://127.0.0.1:41003",
                "--initial-advertise-peer-urls=http://127.0.0.1:41003");
        assertThat(String.join(" ", command)).doesNotContain("2379", "2380", "0.0.0.0", "localhost");
    }
}
