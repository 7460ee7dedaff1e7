package dev.rsvpstack.testkit.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerRelayTest {
    @Test
    void the_sender_of_a_peer_request_is_the_first_of_its_advertised_peer_urls() {
        String header = "GET /raft/stream/msgappv2/8e9e05c52164694d HTTP/1.1\r\nHost: 127.0.0.1:40001\r\n"
                + "X-Server-From: 8e9e05c52164694d\r\nx-peerurls: http://127.0.0.1:40002,http://10.0.0.2:2380\r\n\r\n";
        assertThat(PeerRelay.senderOf(header)).isEqualTo("http://127.0.0.1:40002");
    }

    @Test
    void a_request_without_peer_urls_has_no_known_sender() {
        assertThat(PeerRelay.senderOf("GET /raft/probing HTTP/1.1\r\nHost: x\r\n\r\n")).isNull();
    }
}
