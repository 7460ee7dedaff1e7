package dev.rsvpstack.testkit.memcached;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The memcached command line of one test node: TCP only, on 127.0.0.1, 64 MB. memcached refuses
 * to run as root unless told which user to be, so under root (CI containers) it gets {@code -u root}.
 */
final class MemcachedCommandLine {
    static final int MEMORY_MB = 64;

    private MemcachedCommandLine() {
    }

    static List<String> of(Path binary, int port) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "-l", "127.0.0.1",
                "-p", Integer.toString(port),
                "-U", "0",
                "-m", Integer.toString(MEMORY_MB)));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("-u");
            command.add("root");
        }
        return List.copyOf(command);
    }
}
