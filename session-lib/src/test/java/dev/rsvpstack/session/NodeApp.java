package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The book's Node session stack (src/test/node/app.js: express-session + connect-memcached, the real
 * npm packages) as a child process, for the interop ITs. {@code npm ci} installs it into target/ once
 * per lock file: nothing installed by hand is relied on.
 */
final class NodeApp implements AutoCloseable {
    private static final Path NODE_DIR = Path.of("target", "node-interop");

    private final Process process;
    private final URI uri;

    private NodeApp(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Starts app.js with these environment variables (MEMCACHED, SECRETS, RECORD_SECRET). */
    static NodeApp start(Map<String, String> environment) throws Exception {
        install();
        ProcessBuilder builder = new ProcessBuilder("node", "app.js").directory(NODE_DIR.toFile()).redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return "failed: " + e;
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(first).as("node's first line").startsWith("listening ");
        Thread drain = new Thread(() -> out.lines().forEach(line -> System.out.println("[node] " + line)), "node-out");
        drain.setDaemon(true);
        drain.start();
        return new NodeApp(process, URI.create("http://127.0.0.1:" + first.substring("listening ".length()).trim()));
    }

    URI uri(String path) {
        return uri.resolve(path);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly(); // no orphaned node process, and the interrupt is kept for the caller
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void install() throws Exception {
        Path source = Path.of("src", "test", "node");
        Files.createDirectories(NODE_DIR);
        for (String file : List.of("package.json", "package-lock.json", "app.js")) {
            Files.copy(source.resolve(file), NODE_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = NODE_DIR.resolve("node_modules").resolve(".installed-lock");
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        if (Files.exists(stamp) && Arrays.equals(Files.readAllBytes(stamp), lock)) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(NODE_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(NODE_DIR.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed; see " + NODE_DIR.resolve("npm-ci.log").toAbsolutePath()
                    + ":\n" + Files.readString(NODE_DIR.resolve("npm-ci.log")));
        }
        Files.write(stamp, lock);
    }
}
