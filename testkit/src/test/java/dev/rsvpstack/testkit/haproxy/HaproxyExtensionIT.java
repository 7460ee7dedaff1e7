package dev.rsvpstack.testkit.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HaproxyExtensionIT {
    @RegisterExtension
    static final HaproxyExtension HAPROXY = HaproxyExtension.withEmptyBackend("web");

    @Test
    void the_backend_starts_empty_and_the_admin_socket_answers_on_the_same_port_after_a_restart() throws Exception {
        assertThat(status()).as("no server yet").isEqualTo(503);
        assertThat(admin("show servers state web")).startsWith("1\n# be_id be_name");
        assertThat(admin("add server web/x 127.0.0.1:9")).contains("New server registered.");

        HAPROXY.server().restart();

        assertThat(admin("show servers state web")).as("empty again").doesNotContain(" x ");
        assertThat(status()).isEqualTo(503);
    }

    private static int status() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(HAPROXY.server().uri())
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String admin(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(HAPROXY.server().statsSocket()));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
