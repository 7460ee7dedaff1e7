package dev.rsvpstack.testkit.haproxy;

import dev.rsvpstack.testkit.Binaries;
import dev.rsvpstack.testkit.FreePorts;
import dev.rsvpstack.testkit.ServerProcess;
import dev.rsvpstack.testkit.TestkitLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HAProxy (Debian's {@code haproxy}) in the foreground, with one HTTP frontend on a free loopback
 * port and an empty backend that only the Runtime API fills, as {@code rsvp-stack lb-sync} expects. The
 * admin stats socket is in a temporary directory of its own (a Unix socket path must stay short); the
 * configuration and the log are under {@code target/testkit/haproxy/<name>/}. A restart comes back on
 * the same port and socket, with the backend empty again, as a restarted HAProxy is.
 */
public final class HaproxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HaproxyServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String backend;
    private final InetSocketAddress frontend;
    private final InetSocketAddress tlsFrontend; // null without TLS
    private final Path certificate;
    private final Path socketDir;
    private final Path statsSocket;
    private final ServerProcess process;

    /**
     * @param name    a file-name-safe name for the log directory, for example the test class's simple name
     * @param backend the empty backend's name, for example {@code web}
     */
    public HaproxyServer(String name, String backend) {
        this(name, backend, false);
    }

    /**
     * @param tls also terminate TLS on a second free port, with a self-signed certificate for 127.0.0.1 made
     *            here with {@code openssl} ({@link #certificate()}); the plain frontend then redirects to HTTPS,
     *            and requests reach the backend with {@code X-Forwarded-Proto: https}
     */
    public HaproxyServer(String name, String backend, boolean tls) {
        Path binary = Binaries.require("haproxy", "haproxy");
        this.backend = backend;
        this.frontend = new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next());
        this.tlsFrontend = tls ? new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()) : null;
        try {
            this.socketDir = Files.createTempDirectory("haproxy");
            Path dir = TestkitLogs.dir("haproxy/" + name);
            this.certificate = tls ? selfSigned(dir) : null;
            this.statsSocket = socketDir.resolve("admin.sock");
            Path config = dir.resolve("haproxy.cfg");
            Files.writeString(config, config(), StandardCharsets.UTF_8);
            this.process = new ServerProcess("haproxy-" + name, List.of(binary.toString(), "-db", "-f", config.toString()),
                    dir.resolve("haproxy.log"), frontend, START_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare HAProxy " + name, e);
        }
    }

    /** A self-signed certificate and key for 127.0.0.1, in one PEM file as HAProxy's {@code crt} takes it. */
    private static Path selfSigned(Path dir) throws IOException {
        Path openssl = Binaries.require("openssl", "openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process process = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        try {
            if (process.waitFor() != 0) {
                throw new IOException("openssl could not make a certificate; see " + dir.resolve("openssl.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate", e);
        }
        Path pem = dir.resolve("haproxy.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        return pem;
    }

    private String config() {
        String tls = tlsFrontend == null ? "" : String.join("\n",
                "    bind " + tlsFrontend.getAddress().getHostAddress() + ":" + tlsFrontend.getPort() + " ssl crt " + certificate,
                "    http-request redirect scheme https code 301 unless { ssl_fc }",
                "    http-request set-header X-Forwarded-Proto https if { ssl_fc }",
                "");
        return String.join("\n",
                "global",
                "    stats socket " + statsSocket + " mode 600 level admin",
                "    log stdout format raw local0",
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    timeout connect 1s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend web",
                "    bind " + frontend.getAddress().getHostAddress() + ":" + frontend.getPort(),
                tls + "    default_backend " + backend,
                "backend " + backend,
                "    balance roundrobin",
                "    option httpchk GET /readyz",
                "");
    }

    /** Starts HAProxy and waits until its frontend accepts connections. */
    public HaproxyServer start() {
        process.start();
        LOG.info("HAProxy up: frontend {}, stats socket {}", uri(), statsSocket);
        return this;
    }

    /** SIGTERM: HAProxy stops at once, closing every connection. */
    public void stop() {
        process.stop();
    }

    /** Stops it if it runs and starts it again: same port and socket, an empty backend. */
    public void restart() {
        process.restart();
    }

    /** The frontend, for example {@code http://127.0.0.1:41234/}. */
    public URI uri() {
        return URI.create("http://" + frontend.getAddress().getHostAddress() + ":" + frontend.getPort() + "/");
    }

    /** The TLS frontend, for example {@code https://127.0.0.1:41235/}. */
    public URI tlsUri() {
        if (tlsFrontend == null) {
            throw new IllegalStateException("this HAProxy has no TLS frontend: create it with tls = true");
        }
        return URI.create("https://" + tlsFrontend.getAddress().getHostAddress() + ":" + tlsFrontend.getPort() + "/");
    }

    /** The self-signed certificate and key (PEM) of the TLS frontend, for a client to trust. */
    public Path certificate() {
        return certificate;
    }

    /** The admin stats socket (the Runtime API). */
    public Path statsSocket() {
        return statsSocket;
    }

    /** The backend the Runtime API fills. */
    public String backend() {
        return backend;
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(socketDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", socketDir, e.toString());
        }
    }
}
