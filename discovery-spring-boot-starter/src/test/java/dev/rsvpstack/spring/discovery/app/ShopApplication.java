package dev.rsvpstack.spring.discovery.app;

import dev.rsvpstack.discovery.LeaderListener;
import dev.rsvpstack.discovery.LeadershipTerm;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;

/** An application on the starter: settings from /config/shop/, calls to "inventory" through LoadBalancer. */
@SpringBootApplication
@EnableConfigurationProperties(ShopApplication.ShopProperties.class)
public class ShopApplication {
    @Bean
    @LoadBalanced
    RestClient.Builder loadBalanced() {
        return RestClient.builder();
    }

    @Bean
    Leadership leadership() {
        return new Leadership();
    }

    /** What the shop reads from etcd; a JavaBean, so Spring Cloud's rebinder updates it in place. */
    @ConfigurationProperties("shop")
    public static class ShopProperties {
        private String greeting = "hi";
        private int maxItems = 1;

        public String getGreeting() {
            return greeting;
        }

        public void setGreeting(String greeting) {
            this.greeting = greeting;
        }

        public int getMaxItems() {
            return maxItems;
        }

        public void setMaxItems(int maxItems) {
            this.maxItems = maxItems;
        }
    }

    /** The term this instance leads in, if any. */
    public static class Leadership implements LeaderListener {
        public final AtomicReference<LeadershipTerm> term = new AtomicReference<>();

        @Override
        public void elected(LeadershipTerm term) {
            this.term.set(term);
        }

        @Override
        public void revoked() {
            term.set(null);
        }
    }
}
