package dev.rsvpstack.testkit.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedCommandLineTest {

    @Test
    void a_node_serves_tcp_only_on_loopback_and_its_port() {
        List<String> command = MemcachedCommandLine.of(Path.of("/usr/bin/memcached"), 41234);

        assertThat(command).startsWith("/usr/bin/memcached", "-l", "127.0.0.1", "-p", "41234", "-U", "0", "-m", "64");
    }

    @Test
    void a_node_runs_as_root_only_when_told_to() {
        List<String> command = MemcachedCommandLine.of(Path.of("/usr/bin/memcached"), 41234);

        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(command).endsWith("-u", "root");
        } else {
            assertThat(command).doesNotContain("-u");
        }
    }
}
