package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.DiscoveryException;
import dev.rsvpstack.discovery.KeyspaceReader;
import dev.rsvpstack.discovery.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Keeps the {@code etcd:/config/<application>/} property source current while the application runs.
 *
 * <p>After any change in etcd (coalesced: one re-read at a time, the latest wins) it reads the keys
 * again and tries each changed key on top of the values in force: a key is taken when every
 * {@code @ConfigurationProperties} bean still binds (conversion, and bean validation for
 * {@code @Validated} beans), and refused otherwise: the last good value stays, the refusal is logged
 * once per bad value and counted in {@code rsvp.discovery.config.refused}. Taken keys replace the
 * property source and are announced with Spring Cloud's {@link EnvironmentChangeEvent}, on which
 * Spring Cloud Context's {@code ConfigurationPropertiesRebinder} rebinds the beans in place.
 */
public final class ConfigWatcher implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    /** Spring Boot's attached view of all sources; binding a copy must not see it twice. */
    private static final String ATTACHED = "configurationProperties";

    private final ConfigurableApplicationContext context;
    private final KeyspaceReader reader;
    private final String application;
    private final String sourceName;
    private final Counter refusedCount;
    private final ExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** The bad value last refused per key, so each is logged once. Touched on the executor only. */
    private final Map<String, Object> refused = new HashMap<>();
    private volatile Subscription subscription;

    public ConfigWatcher(ConfigurableApplicationContext context, KeyspaceReader reader, String application,
                         MeterRegistry registry) {
        this.context = context;
        this.reader = reader;
        this.application = application;
        this.sourceName = EtcdConfigDataResource.propertySourceName(application);
        this.refusedCount = registry == null ? null : Counter.builder("rsvp.discovery.config.refused")
                .description("Values under /config/<application>/ refused because a @ConfigurationProperties bean "
                        + "would not bind them").tag("application", application).register(registry);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "etcd-config-" + application);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void start() {
        subscription = reader.watch(this::changed);
        changed(); // whatever changed between the ConfigData read and now
    }

    @Override
    public void stop() {
        Subscription running = subscription;
        subscription = null;
        if (running != null) {
            running.close();
        }
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    private void changed() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(() -> {
                pending.set(false);
                try {
                    refresh();
                } catch (RuntimeException e) {
                    LOG.warn("etcd config for {}: could not apply a change, keeping the values in force", application, e);
                }
            });
        }
    }

    /** Reads the keys again and applies what binds. Runs on the executor, one at a time. */
    void refresh() {
        PropertySource<?> current = context.getEnvironment().getPropertySources().get(sourceName);
        if (!(current instanceof MapPropertySource inForce)) {
            return;
        }
        Map<String, Object> fresh;
        try {
            fresh = ConfigKeys.properties(reader.read(), application);
        } catch (DiscoveryException e) {
            LOG.warn("etcd config for {}: could not read {} ({}); keeping the values in force", application,
                    sourceName, e.getMessage());
            return;
        }
        Map<String, Object> accepted = new TreeMap<>(inForce.getSource());
        Set<String> names = new TreeSet<>(accepted.keySet());
        names.addAll(fresh.keySet());
        Set<String> taken = new LinkedHashSet<>();
        for (String name : names) {
            Object wanted = fresh.get(name);
            if (Objects.equals(accepted.get(name), wanted)) {
                refused.remove(name);
                continue;
            }
            Map<String, Object> trial = new TreeMap<>(accepted);
            if (wanted == null) {
                trial.remove(name);
            } else {
                trial.put(name, wanted);
            }
            Optional<String> failure = bindFailure(trial);
            if (failure.isEmpty()) {
                accepted = trial;
                taken.add(name);
                refused.remove(name);
            } else if (!Objects.equals(refused.put(name, wanted), wanted)) {
                LOG.warn("etcd config for {}: refused {} = '{}' from {}: {}; keeping {}", application, name, wanted,
                        sourceName, failure.get(), accepted.containsKey(name) ? "'" + accepted.get(name) + "'" : "no value");
                if (refusedCount != null) {
                    refusedCount.increment();
                }
            }
        }
        if (!taken.isEmpty()) {
            context.getEnvironment().getPropertySources().replace(sourceName, new MapPropertySource(sourceName, accepted));
            LOG.info("etcd config for {}: applied {}", application, taken);
            context.publishEvent(new EnvironmentChangeEvent(context, taken));
        }
    }

    /** Why some {@code @ConfigurationProperties} bean would not bind with {@code trial} in force, if it would not. */
    private Optional<String> bindFailure(Map<String, Object> trial) {
        MutablePropertySources sources = new MutablePropertySources(context.getEnvironment().getPropertySources());
        sources.remove(ATTACHED);
        sources.replace(sourceName, new MapPropertySource(sourceName, trial));
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources),
                ApplicationConversionService.getSharedInstance());
        for (ConfigurationPropertiesBean bean : ConfigurationPropertiesBean.getAll(context).values()) {
            if (bean.getAnnotation().ignoreInvalidFields()) {
                continue;
            }
            Bindable<?> target = Bindable.of(bean.asBindTarget().getType())
                    .withAnnotations(bean.asBindTarget().getAnnotations());
            try {
                binder.bind(bean.getAnnotation().prefix(), target, handler(bean));
            } catch (BindException e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                return Optional.of(e.getMessage() + (cause == e ? "" : " (" + cause.getMessage() + ")"));
            }
        }
        return Optional.empty();
    }

    private BindHandler handler(ConfigurationPropertiesBean bean) {
        BindHandler handler = new IgnoreTopLevelConverterNotFoundBindHandler();
        if (bean.asBindTarget().getAnnotation(Validated.class) == null) {
            return handler;
        }
        List<Validator> validators = new ArrayList<>();
        context.getBeanProvider(Validator.class).orderedStream()
                .filter(validator -> validator.supports(bean.getInstance().getClass())).findFirst().ifPresent(validators::add);
        return validators.isEmpty() ? handler : new ValidationBindHandler(handler, validators.toArray(Validator[]::new));
    }
}
