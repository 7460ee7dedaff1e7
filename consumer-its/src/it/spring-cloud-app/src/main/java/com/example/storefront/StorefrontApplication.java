package com.example.storefront;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

@SpringBootApplication
@EnableConfigurationProperties(StorefrontProperties.class)
public class StorefrontApplication {
    /** Calls to http://inventory/ go to an instance under /services/inventory/ in etcd. */
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced() {
        return RestClient.builder();
    }

    public static void main(String[] args) {
        SpringApplication.run(StorefrontApplication.class, args);
    }
}
