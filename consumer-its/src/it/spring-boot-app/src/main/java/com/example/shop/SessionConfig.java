package com.example.shop;

import dev.rsvpstack.session.MemcachedSessionStore;
import dev.rsvpstack.session.MemcachedSettings;
import dev.rsvpstack.session.SessionFilter;
import dev.rsvpstack.session.SessionSettings;
import dev.rsvpstack.session.SessionStores;
import dev.rsvpstack.session.Sessions;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** session-lib as its README says: one store, one Sessions, its filter first (before Spring Security's). */
@Configuration
class SessionConfig {
    @Bean(destroyMethod = "close")
    MemcachedSessionStore sessionStore(@Value("${shop.memcached.nodes}") String nodes) {
        List<InetSocketAddress> addresses = Arrays.stream(nodes.split(","))
                .map(node -> new InetSocketAddress(node.substring(0, node.lastIndexOf(':')),
                        Integer.parseInt(node.substring(node.lastIndexOf(':') + 1))))
                .toList();
        return SessionStores.memcached(MemcachedSettings.builder().nodes(addresses).build());
    }

    @Bean
    Sessions sessions(MemcachedSessionStore store, @Value("${shop.session.secret}") String secret) {
        return Sessions.builder(store, SessionSettings.builder(secret).build()).build();
    }

    @Bean
    FilterRegistrationBean<SessionFilter> sessionFilter(Sessions sessions) {
        FilterRegistrationBean<SessionFilter> registration = new FilterRegistrationBean<>(new SessionFilter(sessions));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // Spring Security's chain is at -100
        return registration;
    }
}
