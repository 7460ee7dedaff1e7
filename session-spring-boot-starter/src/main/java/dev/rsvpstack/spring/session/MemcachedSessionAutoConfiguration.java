package dev.rsvpstack.spring.session;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.EtcdDiscovery;
import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStore;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.spring.session.internal.AttributeCodec;
import dev.rsvpstack.spring.session.internal.DiscoveryNodes;
import dev.rsvpstack.spring.session.internal.ExpressCookieSerializer;
import dev.rsvpstack.spring.session.internal.MemcachedSessionRepository;
import dev.rsvpstack.spring.session.internal.NodeSource;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Spring Session on memcached through session-lib, from {@code rsvp.session.*}
 * ({@link MemcachedSessionProperties}): a {@link SessionRepository} on a session-lib store, the
 * express-session cookie ({@code connect.sid}, signed) as Spring Session's {@link HttpSessionIdResolver},
 * and Spring Session's filter ({@code springSessionRepositoryFilter}, ahead of Spring Security's). Runs
 * before Spring Boot's own session auto-configuration, which then backs off. Every bean can be replaced
 * by one of the application's own.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration", // Spring Boot 3
        "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"}) // Spring Boot 4
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SessionRepository.class)
@ConditionalOnProperty(prefix = "rsvp.session", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MemcachedSessionProperties.class)
@EnableSpringHttpSession
public class MemcachedSessionAutoConfiguration {
    private static final int DEFAULT_PORT = 11211;

    /** The cookie and lifetime settings, validated by session-lib. */
    @Bean
    @ConditionalOnMissingBean
    public SessionSettings rsvpSessionSettings(MemcachedSessionProperties properties) {
        MemcachedSessionProperties.Cookie cookie = properties.cookie();
        try {
            return SessionSettings.builder("unused")
                    .secrets(readSecrets(required(properties.secretFile(), "rsvp.session.secret-file"),
                            "rsvp.session.secret-file"))
                    .cookieName(cookie.name())
                    .maxAge(cookie.maxAge())
                    .secure(cookie.secure())
                    .httpOnly(cookie.httpOnly())
                    .sameSite(cookie.sameSite())
                    .path(cookie.path())
                    .domain(cookie.domain())
                    .storeTtl(properties.storeTtl())
                    .touchInterval(properties.touchInterval())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rsvp.session: " + e.getMessage(), e);
        }
    }

    /** The memcached store, on {@code rsvp.session.nodes} or the nodes discovery found. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SessionStore.class)
    public MemcachedSessionStore rsvpSessionStore(MemcachedSessionProperties properties,
            ObjectProvider<NodeSource> discovered) {
        NodeSource discovery = discovered.getIfAvailable();
        List<InetSocketAddress> nodes = discovery != null ? discovery.current() : parseNodes(properties.nodes());
        if (nodes.isEmpty()) {
            throw new IllegalStateException("rsvp.session.nodes (host:port,...) is required, or "
                    + "rsvp.session.discovery.enabled=true with discovery-lib on the class path");
        }
        MemcachedSessionProperties.Memcached memcached = properties.memcached();
        MemcachedSettings.Builder settings = MemcachedSettings.builder()
                .nodes(nodes)
                .keyPrefix(memcached.keyPrefix())
                .operationTimeout(memcached.operationTimeout())
                .connectTimeout(memcached.connectTimeout())
                .maxItemBytes(memcached.maxItemBytes())
                .placement(memcached.placement());
        if (properties.recordSecretFile() != null) {
            settings.recordSecret(String.join("", readSecrets(properties.recordSecretFile(),
                    "rsvp.session.record-secret-file")));
        }
        MemcachedSessionStore store;
        try {
            store = SessionStores.memcached(settings.build());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rsvp.session: " + e.getMessage(), e);
        }
        if (discovery != null) {
            discovery.follow(store);
        }
        return store;
    }

    /** Spring Session's repository on the store. */
    @Bean
    @ConditionalOnMissingBean(SessionRepository.class)
    public MemcachedSessionRepository sessionRepository(SessionStore store, SessionSettings settings,
            MemcachedSessionProperties properties, ApplicationEventPublisher events) {
        AttributeCodec codec = AttributeCodec.create(MemcachedSessionAutoConfiguration.class.getClassLoader());
        // each store operation is bounded by operationTimeout; a merge may retry (gets + cas) a few times
        return new MemcachedSessionRepository(store, settings, codec, events, Clock.systemUTC(),
                properties.memcached().operationTimeout().multipliedBy(12));
    }

    /** The session id from and to express-session's signed {@code connect.sid} cookie. */
    @Bean
    @ConditionalOnMissingBean(HttpSessionIdResolver.class)
    public CookieHttpSessionIdResolver rsvpSessionIdResolver(SessionSettings settings) {
        CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
        resolver.setCookieSerializer(new ExpressCookieSerializer(settings, Clock.systemUTC()));
        return resolver;
    }

    /**
     * Registers Spring Session's filter ahead of Spring Security's where Spring Boot does not: Boot 3
     * always does (its session auto-configuration comes with spring-session-core), Boot 4 only with its
     * {@code spring-boot-session} module. Without a registration the filter would run at the lowest
     * precedence, after Spring Security, which would then use the container's own session.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass({
            "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration",
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration"})
    static class FilterRegistrationConfiguration {
        @Bean
        FilterRegistrationBean<SessionRepositoryFilter<?>> rsvpSessionRepositoryFilterRegistration(
                SessionRepositoryFilter<?> filter) {
            FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
            registration.setDispatcherTypes(DispatcherType.ASYNC, DispatcherType.ERROR, DispatcherType.REQUEST);
            return registration;
        }
    }

    /** memcached nodes from etcd, when {@code rsvp.session.discovery.enabled} and discovery-lib is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.rsvpstack.discovery.Discovery")
    @ConditionalOnProperty(prefix = "rsvp.session.discovery", name = "enabled", havingValue = "true")
    static class DiscoveryConfiguration {
        /** etcd at {@code rsvp.session.discovery.etcd-endpoints}, unless the application has its own {@code Discovery}. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(Discovery.class)
        Discovery rsvpSessionDiscovery(MemcachedSessionProperties properties) {
            MemcachedSessionProperties.Discovery discovery = properties.discovery();
            if (discovery.etcdEndpoints().isEmpty()) {
                throw new IllegalStateException("rsvp.session.discovery.etcd-endpoints is required with "
                        + "rsvp.session.discovery.enabled=true (or give the application a Discovery bean)");
            }
            return EtcdDiscovery.builder().endpoints(discovery.etcdEndpoints())
                    .defaultPort(discovery.service(), DEFAULT_PORT).build();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnBean(Discovery.class)
        DiscoveryNodes rsvpSessionDiscoveryNodes(MemcachedSessionProperties properties, Discovery discovery) {
            return DiscoveryNodes.start(discovery, properties.discovery().service(), properties.discovery().startupWait());
        }
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; port 11211 when left out. */
    static List<InetSocketAddress> parseNodes(List<String> nodes) {
        return nodes.stream().map(String::strip).filter(node -> !node.isEmpty()).map(node -> {
            String host = node;
            String port = null;
            if (node.startsWith("[")) {
                int close = node.indexOf(']');
                host = close > 0 ? node.substring(1, close) : node;
                port = close > 0 && node.startsWith("]:", close) ? node.substring(close + 2) : null;
            } else if (node.indexOf(':') > 0 && node.indexOf(':') == node.lastIndexOf(':')) {
                host = node.substring(0, node.indexOf(':'));
                port = node.substring(node.indexOf(':') + 1);
            }
            try {
                return new InetSocketAddress(host, port == null ? DEFAULT_PORT : Integer.parseInt(port));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("rsvp.session.nodes: '" + node + "' is not host:port", e);
            }
        }).toList();
    }

    /** One secret a line, blank lines ignored; the first signs. */
    static List<String> readSecrets(Path file, String property) {
        try {
            List<String> secrets = Files.readString(file, StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
            if (secrets.isEmpty()) {
                throw new IllegalStateException(property + ": " + file + " is empty");
            }
            return secrets;
        } catch (IOException e) {
            throw new IllegalStateException(property + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        }
    }

    private static Path required(Path file, String property) {
        if (file == null) {
            throw new IllegalStateException(property + " is required: a file with the cookie-signing secret");
        }
        return file;
    }
}
