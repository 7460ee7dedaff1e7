package dev.rsvpstack.spring.discovery.bench;

import com.sun.net.httpserver.HttpServer;
import dev.rsvpstack.spring.discovery.NamedHttpServer;
import dev.rsvpstack.spring.discovery.app.ShopApplication;
import dev.rsvpstack.testkit.etcd.EtcdCluster;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * One run of bench/spring-cloud: on a 3-member etcd, (1) a put under /config/shop/ until the bound
 * bean holds the new value, (2) a put of a new address for /services/inventory/1 (a MOVED instance)
 * until the next LoadBalancer call answers from the new address. Each figure is the median of
 * {@code TRIALS} trials, printed as {@code name: value}. Trials are {@code PAUSE_MS} apart, so each is a
 * lone change: service watches deliver a change at once after a quiet second (the default debounce), and
 * changes closer together than that wait for the quiet period.
 */
public final class SpringCloudBenchmark {
    private static final int TRIALS = 7;
    private static final long GIVE_UP_NANOS = 30_000_000_000L;
    private static final long PAUSE_MS = 1_500;

    private SpringCloudBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer first = NamedHttpServer.start("first");
        HttpServer second = NamedHttpServer.start("second");
        try (EtcdCluster etcd = new EtcdCluster("bench-spring-cloud", 3).start()) {
            put(etcd, "/config/shop/shop.greeting", "start");
            put(etcd, "/services/inventory/1", "127.0.0.1:" + first.getAddress().getPort());
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ShopApplication.class).properties(
                    "spring.application.name=shop",
                    "spring.config.import=etcd:",
                    "rsvp.discovery.endpoints="
                            + etcd.endpoints().stream().map(Object::toString).collect(Collectors.joining(",")),
                    "rsvp.discovery.registration.enabled=false",
                    "server.port=0").run()) {
                ShopApplication.ShopProperties shop = app.getBean(ShopApplication.ShopProperties.class);
                List<Double> config = new ArrayList<>();
                for (int i = 0; i < TRIALS; i++) {
                    String value = "value-" + i;
                    config.add(measure(() -> put(etcd, "/config/shop/shop.greeting", value),
                            () -> value.equals(shop.getGreeting())));
                }
                RestClient client = app.getBean(RestClient.Builder.class).build();
                waitFor(() -> "first".equals(call(client)));
                List<Double> move = new ArrayList<>();
                for (int i = 0; i < TRIALS; i++) {
                    HttpServer target = i % 2 == 0 ? second : first;
                    String name = target == first ? "first" : "second";
                    move.add(measure(() -> put(etcd, "/services/inventory/1", "127.0.0.1:" + target.getAddress().getPort()),
                            () -> name.equals(call(client))));
                }
                System.out.printf("config_put_to_bound_bean_ms: %.1f%n", median(config));
                System.out.printf("instance_moved_to_next_call_at_new_address_ms: %.1f%n", median(move));
                System.err.println("config trials (ms): " + config + "; move trials (ms): " + move);
            }
        } finally {
            first.stop(0);
            second.stop(0);
        }
    }

    private static void put(EtcdCluster etcd, String key, String value) {
        etcd.putThrough(etcd.member(0), key, value);
    }

    /** Milliseconds from just before {@code action} until {@code done} holds, polled without pause. */
    private static double measure(Runnable action, Supplier<Boolean> done) {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long start = System.nanoTime();
        action.run();
        waitFor(done);
        return (System.nanoTime() - start) / 1e6;
    }

    private static void waitFor(Supplier<Boolean> done) {
        long start = System.nanoTime();
        while (!done.get()) {
            if (System.nanoTime() - start > GIVE_UP_NANOS) {
                throw new IllegalStateException("not done within 30 s");
            }
            Thread.onSpinWait();
        }
    }

    private static String call(RestClient client) {
        try {
            return client.get().uri("http://inventory/").retrieve().body(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

}
