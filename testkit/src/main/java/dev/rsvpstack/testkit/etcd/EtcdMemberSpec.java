package dev.rsvpstack.testkit.etcd;

import java.net.URI;
import java.nio.file.Path;

/** Where one member of a test cluster lives: its name, its two loopback ports and its directory. */
record EtcdMemberSpec(String name, int clientPort, int peerPort, Path directory) {

    URI clientUrl() {
        return URI.create("http://127.0.0.1:" + clientPort);
    }

    URI peerUrl() {
        return URI.create("http://127.0.0.1:" + peerPort);
    }

    Path dataDir() {
        return directory.resolve("data");
    }

    Path logFile() {
        return directory.resolve("etcd.log");
    }
}
