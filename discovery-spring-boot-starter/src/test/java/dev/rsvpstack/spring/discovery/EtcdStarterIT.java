package dev.rsvpstack.spring.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.discovery.ServiceInstance;
import dev.rsvpstack.spring.discovery.app.ShopApplication;
import dev.rsvpstack.spring.discovery.internal.ReactiveWatchingDiscoveryClient;
import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/** The starter in a Spring Boot application against a 3-member etcd. */
class EtcdStarterIT {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.cluster(3);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static ConfigurableApplicationContext app;
    private static Discovery sidekick;
    private static HttpServer first;
    private static HttpServer second;

    @BeforeAll
    static void start() throws Exception {
        ETCD.put("/config/shop/shop.greeting", "hello");
        ETCD.put("/config/shop/shop/max-items", "5");
        first = NamedHttpServer.start("first");
        second = NamedHttpServer.start("second");
        String endpoints = ETCD.endpoints().stream().map(Object::toString).collect(Collectors.joining(","));
        sidekick = EtcdDiscovery.builder().endpoints(ETCD.endpoints()).build();
        app = new SpringApplicationBuilder(ShopApplication.class).properties(
                "spring.application.name=shop",
                "spring.config.import=etcd:",
                "rsvp.discovery.endpoints=" + endpoints,
                "rsvp.discovery.registration.host=127.0.0.1",
                "rsvp.discovery.registration.ttl=2s",
                "rsvp.discovery.registration.probe-interval=200ms",
                "rsvp.discovery.election.name=shop-leader",
                "management.endpoint.health.probes.enabled=true",
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
    void values_under_config_application_are_properties_and_a_change_reaches_the_bound_bean() {
        ShopApplication.ShopProperties shop = app.getBean(ShopApplication.ShopProperties.class);
        assertThat(shop.getGreeting()).isEqualTo("hello");
        assertThat(shop.getMaxItems()).isEqualTo(5);

        ETCD.put("/config/shop/shop.greeting", "bonjour");

        await().atMost(WAIT).until(shop::getGreeting, "bonjour"::equals);
    }

    @Test
    void a_value_that_does_not_bind_is_refused_counted_once_and_the_last_good_one_kept() {
        ShopApplication.ShopProperties shop = app.getBean(ShopApplication.ShopProperties.class);
        ETCD.put("/config/shop/shop/max-items", "7");
        await().atMost(WAIT).until(shop::getMaxItems, items -> items == 7);

        ETCD.put("/config/shop/shop/max-items", "lots");
        ETCD.put("/config/shop/shop.greeting", "after the garbage");
        await().atMost(WAIT).until(shop::getGreeting, "after the garbage"::equals);
        ETCD.put("/config/shop/shop.greeting", "later still");
        await().atMost(WAIT).until(shop::getGreeting, "later still"::equals);

        assertThat(shop.getMaxItems()).isEqualTo(7);
        assertThat(app.getEnvironment().getProperty("shop.max-items")).isEqualTo("7");
        assertThat(app.getBean(MeterRegistry.class).counter("rsvp.discovery.config.refused", "application", "shop")
                .count()).isEqualTo(1.0);

        ETCD.put("/config/shop/shop/max-items", "9");
        await().atMost(WAIT).until(shop::getMaxItems, items -> items == 9);
    }

    @Test
    void a_load_balanced_rest_client_reaches_a_registered_instance_and_follows_it_when_it_moves() {
        RestClient client = app.getBean(RestClient.Builder.class).build();
        Registration atFirst = sidekick.register(RegistrationRequest.builder("inventory", "1",
                "127.0.0.1:" + first.getAddress().getPort()).ttl(Duration.ofSeconds(2)).build());
        await().atMost(WAIT).ignoreExceptions().until(() -> call(client), "first"::equals);
        ReactiveDiscoveryClient reactive = app.getBean(ReactiveWatchingDiscoveryClient.class);
        assertThat(reactive.getInstances("inventory").map(instance -> instance.getPort()).collectList().block())
                .containsExactly(first.getAddress().getPort());

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
    void the_application_is_registered_while_up_and_withdrawn_while_its_health_is_not() {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        await().atMost(WAIT).until(() -> sidekick.lookup("shop").instances().stream().map(ServiceInstance::port)
                .toList().contains(port));

        AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
        await().atMost(WAIT).until(() -> sidekick.lookup("shop").isEmpty());

        AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
        await().atMost(WAIT).until(() -> !sidekick.lookup("shop").isEmpty());
    }

    @Test
    void the_leader_election_bean_elects_this_candidate_and_its_term_is_fenced() {
        ShopApplication.Leadership leadership = app.getBean(ShopApplication.Leadership.class);
        LeaderElection election = app.getBean(LeaderElection.class);
        await().atMost(WAIT).until(() -> leadership.term.get() != null);

        assertThat(election.isLeader()).isTrue();
        assertThat(election.holds(leadership.term.get())).isTrue();
        assertThat(leadership.term.get().electionName()).isEqualTo("shop-leader");
    }

    private static String call(RestClient client) {
        return client.get().uri("http://inventory/").retrieve().body(String.class);
    }

}
