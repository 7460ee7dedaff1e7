package dev.rsvpstack.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.Binaries;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.ServerProcess;
import dev.rsvpstack.testkit.TestkitLogs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd over TLS with client-certificate authentication: a CA, a server and a client certificate
 * made by openssl for this run, and an etcd member of our own (the testkit's runs plain HTTP).
 */
class EtcdTlsIT {
    private static Path dir;
    private static ServerProcess etcd;
    private static URI endpoint;

    @BeforeAll
    static void startEtcdWithTls() throws Exception {
        dir = TestkitLogs.dir("etcd-tls");
        try (var old = Files.list(dir)) {
            for (Path file : old.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.delete(file);
                }
            }
        }
        String openssl = Binaries.require("openssl", "openssl").toString();
        run(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=rsvp-stack test CA");
        certificate(openssl, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        certificate(openssl, "client", "extendedKeyUsage=clientAuth");

        int port = FreePorts.next();
        int peer = FreePorts.next();
        endpoint = URI.create("https://127.0.0.1:" + port);
        String etcdBinary = Binaries.require("etcd", "etcd-server").toString();
        etcd = new ServerProcess("etcd-tls", List.of(etcdBinary, "--name", "tls", "--data-dir",
                dir.resolve("data").toString(), "--listen-client-urls", endpoint.toString(),
                "--advertise-client-urls", endpoint.toString(),
                "--listen-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "tls=http://127.0.0.1:" + peer,
                "--cert-file", dir.resolve("server.pem").toString(), "--key-file", dir.resolve("server.key").toString(),
                "--client-cert-auth", "--trusted-ca-file", dir.resolve("ca.pem").toString()),
                dir.resolve("etcd.log"), new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(30)).start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static void certificate(String openssl, String name, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        run(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + name);
        run(openssl, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "1", "-extfile", name + ".ext");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + dir.resolve("openssl.log"));
        }
    }

    @Test
    void discovery_over_tls_with_a_client_certificate_registers_and_looks_up() {
        try (Discovery discovery = EtcdDiscovery.builder().endpoints(List.of(endpoint)).tls(dir.resolve("ca.pem"))
                .clientCertificate(dir.resolve("client.pem"), dir.resolve("client.key"))
                .debounce(Debounce.OFF).build()) {
            Registration registration = discovery.register(
                    RegistrationRequest.builder("tls", "1", "10.0.0.1:80").ttl(Duration.ofSeconds(3)).build());

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registration.state() == Registration.State.REGISTERED);
            assertThat(discovery.lookup("tls").hostsAndPorts()).containsExactly("10.0.0.1:80");
        }
    }

    @Test
    void tls_without_the_client_certificate_is_refused_at_start() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(endpoint)).tls(dir.resolve("ca.pem"))
                .requestTimeout(Duration.ofMillis(500)).retryDelay(Duration.ofMillis(100))
                .startupTimeout(Duration.ofSeconds(1)).build())
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining(endpoint.toString());
    }

    @Test
    void plain_http_to_a_tls_endpoint_is_rejected_before_connecting() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(URI.create("http://127.0.0.1:2379")))
                .tls(dir.resolve("ca.pem")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not https");
    }
}
