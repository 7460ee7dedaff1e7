package dev.rsvpstack.spring.discovery.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * LoadBalancer's default instance list, without its cache: {@link WatchingDiscoveryClient} already
 * answers from memory and follows etcd's watches, and LoadBalancer's cache (35 s by default) would
 * keep sending calls to an instance that has moved. An application's own supplier wins.
 */
@Configuration(proxyBeanMethods = false)
public class EtcdLoadBalancerConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ServiceInstanceListSupplier etcdServiceInstanceListSupplier(ConfigurableApplicationContext context) {
        return ServiceInstanceListSupplier.builder().withBlockingDiscoveryClient().build(context);
    }
}
