package com.example.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The storefront against a real 3-member etcd. "inventory" is registered by {@code rsvp-stack sidekick}
 * (the packaged launcher, a process of its own, probing the instance over TCP); it moves when that
 * sidekick stops (SIGTERM revokes its key) and another announces the instance at a new address.
 */
class StorefrontOnEtcdTest {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ConfigurableApplicationContext app;
    private static Discovery discovery;
    private static HttpServer first;
    private static HttpServer second;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("Spring Boot " + SpringBootVersion.getVersion());
        ETCD.put("/config/storefront/storefront.banner", "hello");
        ETCD.put("/config/storefront/storefront/page-size", "20");
        first = server("first");
        second = server("second");
        discovery = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).build();
        app = new SpringApplicationBuilder(StorefrontApplication.class).properties(
                "rsvp.discovery.endpoints=" + ETCD.endpoints().stream().map(Object::toString).collect(Collectors.joining(",")),
                "rsvp.discovery.registration.host=127.0.0.1",
                "rsvp.discovery.registration.ttl=2s",
                "rsvp.discovery.registration.probe-interval=200ms",
                "server.port=0").run();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (discovery != null) {
            discovery.close();
        }
        first.stop(0);
        second.stop(0);
    }

    @Test
    void a_config_change_in_etcd_reaches_the_bound_bean() {
        StorefrontProperties storefront = app.getBean(StorefrontProperties.class);
        assertThat(storefront.getBanner()).isEqualTo("hello");

        ETCD.put("/config/storefront/storefront.banner", "summer sale");

        await().atMost(WAIT).until(storefront::getBanner, "summer sale"::equals);
    }

    @Test
    void a_garbage_value_is_refused_and_the_old_one_kept() {
        StorefrontProperties storefront = app.getBean(StorefrontProperties.class);
        assertThat(storefront.getPageSize()).isEqualTo(20);

        ETCD.put("/config/storefront/storefront/page-size", "twenty");
        ETCD.put("/config/storefront/storefront.marker", "after the garbage");
        await().atMost(WAIT).until(() -> app.getEnvironment().getProperty("storefront.marker"), "after the garbage"::equals);

        assertThat(storefront.getPageSize()).isEqualTo(20);
        assertThat(app.getEnvironment().getProperty("storefront.page-size")).isEqualTo("20");
    }

    @Test
    void a_load_balanced_rest_client_reaches_an_instance_registered_by_the_sidekick_and_follows_it_when_it_moves()
            throws Exception {
        RestClient client = app.getBean(RestClient.Builder.class).build();
        Process atFirst = sidekick("inventory", "1", first);
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> call(client), "first"::equals);
        } finally {
            stop(atFirst);
        }
        Process atSecond = sidekick("inventory", "1", second);
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> call(client), "second"::equals);
        } finally {
            stop(atSecond);
        }
    }

    /** {@code rsvp-stack sidekick}, announcing {@code server} while it accepts TCP connections. */
    private static Process sidekick(String service, String instance, HttpServer server) throws IOException {
        Path jar = Path.of(System.getProperty("rsvp-stack.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the launchers module first "
                    + "(./mvnw package -pl launchers -am)");
        }
        String endpoints = ETCD.endpoints().stream().map(Object::toString).collect(Collectors.joining(","));
        Path log = Files.createTempFile(Path.of("target"), "sidekick-" + service + "-" + instance + "-", ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", jar.toString(), "sidekick", "--etcd-endpoints", endpoints, "--service", service,
                "--instance", instance, "--address", "127.0.0.1:" + server.getAddress().getPort(), "--probe", "tcp",
                "--ttl", "2s").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGTERM: the sidekick revokes its key and exits. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Test
    void its_own_registration_disappears_when_its_health_goes_down() {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        await().atMost(WAIT).until(() -> discovery.lookup("storefront").instances().stream()
                .map(ServiceInstance::port).toList().contains(port));

        AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
        await().atMost(WAIT).until(() -> discovery.lookup("storefront").isEmpty());

        AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
        await().atMost(WAIT).until(() -> !discovery.lookup("storefront").isEmpty());
    }

    private static String call(RestClient client) {
        return client.get().uri("http://inventory/").retrieve().body(String.class);
    }

    private static HttpServer server(String name) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
