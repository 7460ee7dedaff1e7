package dev.rsvpstack.spring.discovery;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.LeaderElection;
import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.spring.discovery.internal.ApplicationRegistrar;
import dev.rsvpstack.spring.discovery.internal.ConfigWatchers;
import dev.rsvpstack.spring.discovery.internal.EtcdConnections;
import dev.rsvpstack.spring.discovery.internal.EtcdLoadBalancerConfiguration;
import dev.rsvpstack.spring.discovery.internal.ManagedLeaderElection;
import dev.rsvpstack.spring.discovery.internal.ReactiveWatchingDiscoveryClient;
import dev.rsvpstack.spring.discovery.internal.WatchingDiscoveryClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring Cloud on etcd through discovery-lib: one {@link Discovery} for the application; the
 * {@code etcd:} config import kept current; a {@link DiscoveryClient} (and a reactive one with Reactor)
 * that LoadBalancer uses without its cache; the application registered while its health is UP; and,
 * with {@code rsvp.discovery.election.name}, a {@link LeaderElection} bean for every
 * {@link LeaderListener} bean. See {@link EtcdDiscoveryProperties} for the settings.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = "rsvp.discovery", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdDiscoveryProperties.class)
public class EtcdDiscoveryAutoConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Discovery etcdDiscovery(EtcdDiscoveryProperties properties, ObjectProvider<MeterRegistry> registry) {
        return EtcdConnections.builder(properties, registry.getIfAvailable()).build();
    }

    @Bean
    @ConditionalOnProperty(prefix = "rsvp.discovery.config", name = "watch", matchIfMissing = true)
    ConfigWatchers etcdConfigWatchers(ConfigurableApplicationContext context, EtcdDiscoveryProperties properties,
                                      ObjectProvider<MeterRegistry> registry) {
        return new ConfigWatchers(context, properties, registry.getIfAvailable());
    }

    @Bean
    @ConditionalOnProperty(prefix = "rsvp.discovery.registration", name = "enabled", matchIfMissing = true)
    @ConditionalOnWebApplication
    ApplicationRegistrar etcdApplicationRegistrar(Discovery discovery, EtcdDiscoveryProperties properties) {
        return new ApplicationRegistrar(discovery, properties.getRegistration());
    }

    @Bean
    @ConditionalOnProperty(prefix = "rsvp.discovery.election", name = "name")
    @ConditionalOnMissingBean(LeaderElection.class)
    ManagedLeaderElection etcdLeaderElection(Discovery discovery, EtcdDiscoveryProperties properties,
                                             ObjectProvider<LeaderListener> listeners) {
        EtcdDiscoveryProperties.Election election = properties.getElection();
        String candidate = election.getCandidateId() != null ? election.getCandidateId() : defaultCandidateId();
        return new ManagedLeaderElection(discovery, election.getName(), candidate, election.getTtl(), listeners);
    }

    private static String defaultCandidateId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** The Spring Cloud discovery clients. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "rsvp.discovery.discovery", name = "enabled", matchIfMissing = true)
    static class DiscoveryClients {
        @Bean
        @ConditionalOnMissingBean
        WatchingDiscoveryClient etcdDiscoveryClient(Discovery discovery) {
            return new WatchingDiscoveryClient(discovery);
        }

        @Bean
        @ConditionalOnClass(name = "reactor.core.publisher.Flux")
        @ConditionalOnMissingBean
        ReactiveWatchingDiscoveryClient etcdReactiveDiscoveryClient(WatchingDiscoveryClient client) {
            return new ReactiveWatchingDiscoveryClient(client);
        }
    }

    /** LoadBalancer's instance lists straight from the watching client, without LoadBalancer's cache. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LoadBalancerClients.class)
    @ConditionalOnProperty(prefix = "rsvp.discovery.discovery", name = "enabled", matchIfMissing = true)
    @LoadBalancerClients(defaultConfiguration = EtcdLoadBalancerConfiguration.class)
    static class LoadBalancing {
    }
}
