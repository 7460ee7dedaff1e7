package dev.rsvpstack.testkit.etcd;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where one member of a test cluster lives: its name, its loopback ports and its directory. A member
 * whose peer link can be cut has a relay port too: its peers reach it there ({@link PeerRelay}), and
 * it listens for them on {@code peerPort} behind the relay.
 */
record EtcdMemberSpec(String name, int clientPort, int peerPort, int relayPort, Path directory) {

    EtcdMemberSpec(String name, int clientPort, int peerPort, Path directory) {
        this(name, clientPort, peerPort, 0, directory);
    }

    boolean relayed() {
        return relayPort > 0;
    }

    URI clientUrl() {
        return URI.create("http://127.0.0.1:" + clientPort);
    }

    /** The peer URL the other members use: the relay's when there is one. */
    URI peerUrl() {
        return URI.create("http://127.0.0.1:" + (relayed() ? relayPort : peerPort));
    }

    /** The peer URL the member listens on. */
    URI listenPeerUrl() {
        return URI.create("http://127.0.0.1:" + peerPort);
    }

    Path dataDir() {
        return directory.resolve("data");
    }

    Path logFile() {
        return directory.resolve("etcd.log");
    }
}
