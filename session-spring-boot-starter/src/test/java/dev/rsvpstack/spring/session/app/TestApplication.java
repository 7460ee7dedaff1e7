package dev.rsvpstack.spring.session.app;

import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot + Security application with nothing but the starter and its properties for sessions. */
@SpringBootApplication
@RestController
public class TestApplication {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/count").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users(@Value("${test.password}") String password) {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}" + password).roles("USER").build());
    }

    @GetMapping(value = "/deep/page", produces = "text/plain")
    String page(Principal user, @RequestParam(name = "q", defaultValue = "") String q) {
        return "user=" + user.getName() + " q=" + q;
    }

    /** A plain attribute and a map, as an application (or Node) would keep them. */
    @GetMapping(value = "/count", produces = "text/plain")
    String count(HttpSession session) {
        Object views = session.getAttribute("views");
        int next = views instanceof Number n ? n.intValue() + 1 : 1;
        session.setAttribute("views", next);
        session.setAttribute("cart", Map.of("items", 2));
        return "views=" + next;
    }
}
