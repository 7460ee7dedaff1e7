package com.example.shop;

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
 * The book's Node session stack (express-session + connect-memcached, the real npm packages: session-lib's
 * src/test/node/app.js) as a child process. {@code npm ci} installs it once per lock file, outside
 * target/ so that the second Spring Boot line's clean build reuses it.
 */
final class NodeApp implements AutoCloseable {
    private final Process process;
    private final URI uri;

    private NodeApp(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Starts app.js with MEMCACHED (host:port,...) and SECRETS. */
    static NodeApp start(Map<String, String> environment) throws Exception {
        Path dir = install(Path.of(System.getProperty("node.app.dir")), Path.of(System.getProperty("node.install.dir")));
        ProcessBuilder builder = new ProcessBuilder("node", "app.js").directory(dir.toFile()).redirectErrorStream(true);
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
        if (first == null || !first.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("node app.js did not start: " + first);
        }
        Thread drain = new Thread(() -> out.lines().forEach(line -> System.out.println("[node] " + line)), "node-out");
        drain.setDaemon(true);
        drain.start();
        return new NodeApp(process, URI.create("http://127.0.0.1:" + first.substring("listening ".length()).trim()));
    }

    URI uri(String path) {
        return uri.resolve(path);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static synchronized Path install(Path source, Path target) throws Exception {
        Files.createDirectories(target);
        for (String file : List.of("package.json", "package-lock.json", "app.js")) {
            Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = target.resolve("node_modules").resolve(".installed-lock");
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        if (Files.exists(stamp) && Arrays.equals(Files.readAllBytes(stamp), lock)) {
            return target;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(target.toFile()).redirectErrorStream(true)
                .redirectOutput(target.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed:\n" + Files.readString(target.resolve("npm-ci.log")));
        }
        Files.write(stamp, lock);
        return target;
    }
}
