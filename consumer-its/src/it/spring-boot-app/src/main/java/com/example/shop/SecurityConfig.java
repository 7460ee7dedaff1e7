package com.example.shop;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.NullRequestCache;

@Configuration
class SecurityConfig {
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        SecurityJsonSession json = new SecurityJsonSession();
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/probe").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/", true))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .securityContext(context -> context.securityContextRepository(new JsonSecurityContextRepository(json)))
                .csrf(csrf -> csrf.csrfTokenRepository(new JsonCsrfTokenRepository(json)))
                // The saved request (DefaultSavedRequest) would be one more object to map; after
                // login every user lands on the home page instead.
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                // Spring Security's default: a new session id at login (session fixation).
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()));
        return http.build();
    }

    @Bean
    UserDetailsService users(@Value("${shop.user.password}") String password) {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}" + password).roles("USER").build());
    }
}
