package com.example.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The storefront against a real 3-member etcd. "inventory" is registered the way our sidekick does it,
 * through discovery-lib's register (a leased key, kept alive), by this test.
 */
class StorefrontOnEtcdTest {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ConfigurableApplicationContext app;
    private static Discovery sidekick;
    private static HttpServer first;
    private static HttpServer second;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("Spring Boot " + SpringBootVersion.getVersion());
        ETCD.put("/config/storefront/storefront.banner", "hello");
        ETCD.put("/config/storefront/storefront/page-size", "20");
        first = server("first");
        second = server("second");
        sidekick = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).build();
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
        if (sidekick != null) {
            sidekick.close();
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
    void a_load_balanced_rest_client_reaches_a_registered_instance_and_follows_it_when_it_moves() {
        RestClient client = app.getBean(RestClient.Builder.class).build();
        Registration atFirst = sidekick.register(RegistrationRequest.builder("inventory", "1",
                "127.0.0.1:" + first.getAddress().getPort()).ttl(Duration.ofSeconds(2)).build());
        await().atMost(WAIT).ignoreExceptions().until(() -> call(client), "first"::equals);

        atFirst.close();
        Registration atSecond = sidekick.register(RegistrationRequest.builder("inventory", "1",
                "127.0.0.1:" + second.getAddress().getPort()).ttl(Duration.ofSeconds(2)).build());
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> call(client), "second"::equals);
        } finally {
            atSecond.close();
        }
    }

    @Test
    void its_own_registration_disappears_when_its_health_goes_down() {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        await().atMost(WAIT).until(() -> sidekick.lookup("storefront").instances().stream()
                .map(ServiceInstance::port).toList().contains(port));

        AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
        await().atMost(WAIT).until(() -> sidekick.lookup("storefront").isEmpty());

        AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
        await().atMost(WAIT).until(() -> !sidekick.lookup("storefront").isEmpty());
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
