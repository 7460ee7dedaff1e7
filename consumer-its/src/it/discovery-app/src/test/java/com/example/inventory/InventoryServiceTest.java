package com.example.inventory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rsvpstack.testkit.etcd.EtcdExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InventoryServiceTest {
    @RegisterExtension
    static final EtcdExtension ETCD = EtcdExtension.singleMember();

    @Test
    void instances_register_see_each_other_and_read_typed_config_from_etcd() throws Exception {
        try (InventoryService first = InventoryService.start(ETCD.endpoints(), "1");
             Client etcd = Client.builder().endpoints(ETCD.endpoints().toArray(URI[]::new)).build()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> first.peers().size() == 1);
            assertEquals(4, first.poolSize(), "the default before anything is in etcd");

            try (InventoryService second = InventoryService.start(ETCD.endpoints(), "2")) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> first.peers().size() == 2 && second.peers().equals(first.peers()));
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> first.peers().size() == 1);

            etcd.getKVClient().put(bytes("/config/inventory/pool-size"), bytes("16")).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(15)).until(() -> first.poolSize() == 16);
        }
    }

    /**
     * Every Netty jar carries META-INF/io.netty.versions.properties; jetcd alone would bring 4.1 and
     * 4.2 jars together. Jars that relocate Netty (the Couchbase SDK under testkit) keep that file
     * but no io/netty/ classes: they cannot clash and are not counted.
     */
    @Test
    void the_classpath_holds_one_netty_version_the_one_rsvp_stack_is_built_with() throws Exception {
        Map<String, String> versions = new TreeMap<>();
        Enumeration<URL> files = getClass().getClassLoader().getResources("META-INF/io.netty.versions.properties");
        for (URL file : Collections.list(files)) {
            JarURLConnection connection = (JarURLConnection) file.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                if (jar.stream().noneMatch(entry -> entry.getName().startsWith("io/netty/"))) {
                    continue;
                }
                Properties properties = new Properties();
                try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/io.netty.versions.properties"))) {
                    properties.load(in);
                }
                properties.stringPropertyNames().stream()
                        .filter(name -> name.endsWith(".version") && !name.startsWith("netty-tcnative")) // 2.0.x, its own line
                        .forEach(name -> versions.put(jar.getName() + " " + name, properties.getProperty(name)));
            }
        }
        assertEquals(Set.of(System.getProperty("expected.netty.version")), new TreeSet<>(versions.values()),
                "Netty jars: " + versions);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
