package dev.rsvpstack.spring.session.bench;

import jakarta.servlet.http.HttpSession;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * bench/spring-session's page: one Spring Boot MVC page with a session, run twice by the benchmark, once on
 * this starter (memcached) and once on Spring Session Data Redis ({@code --rsvp.session.enabled=false}: Spring
 * Boot's own session auto-configuration then picks Redis). A request without a cookie starts a session and
 * stores one attribute; a request with a valid cookie reads it. Spring Security is left out (not what is
 * measured).
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration"})
@RestController
public class BenchApplication {
    public static void main(String[] args) {
        SpringApplication.run(BenchApplication.class, args);
    }

    @GetMapping(value = "/", produces = "text/plain")
    String page(HttpSession session) {
        Object visitor = session.getAttribute("visitor");
        if (visitor == null) {
            visitor = "v" + Long.toHexString(System.nanoTime());
            session.setAttribute("visitor", visitor);
        }
        return "hello " + visitor + "\n";
    }
}
