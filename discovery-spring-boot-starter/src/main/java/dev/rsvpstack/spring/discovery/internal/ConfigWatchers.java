package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.KeyspaceReader;
import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.PropertySource;

/**
 * One {@link ConfigWatcher} per {@code etcd:} import found in the environment, over one connection;
 * nothing (no connection) when the application imports nothing from etcd.
 */
public final class ConfigWatchers implements SmartLifecycle {
    private static final String PREFIX = EtcdConfigDataResource.propertySourceName("x").replace("x/", "");

    private final ConfigurableApplicationContext context;
    private final EtcdDiscoveryProperties properties;
    private final MeterRegistry registry;
    private final List<ConfigWatcher> watchers = new ArrayList<>();
    private KeyspaceReader reader;
    private volatile boolean running;

    public ConfigWatchers(ConfigurableApplicationContext context, EtcdDiscoveryProperties properties, MeterRegistry registry) {
        this.context = context;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
            String name = source.getName();
            if (name.startsWith(PREFIX) && name.endsWith("/")) {
                if (reader == null) {
                    // No registry: the Discovery bean already reports etcd's reachability; one gauge, not two.
                    reader = EtcdConnections.builder(properties, null).buildReader();
                }
                String application = name.substring(PREFIX.length(), name.length() - 1);
                ConfigWatcher watcher = new ConfigWatcher(context, reader, application, registry);
                watchers.add(watcher);
                watcher.start();
            }
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        watchers.forEach(ConfigWatcher::stop);
        watchers.clear();
        if (reader != null) {
            reader.close();
            reader = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
