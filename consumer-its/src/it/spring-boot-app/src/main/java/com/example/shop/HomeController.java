package com.example.shop;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Collections;
import java.util.TreeSet;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HomeController {
    /** The signed-in user, the CSRF token a page would put in its logout form, and what Node left. */
    @GetMapping(value = "/", produces = "text/plain")
    String home(Principal user, CsrfToken csrf, HttpSession session) {
        session.setAttribute("greeted", user.getName()); // plain data the Node app reads
        return "user=" + user.getName() + "\ncsrf=" + csrf.getToken() + "\nviews=" + session.getAttribute("views") + "\n";
    }

    /** What this instance finds in the session, without creating or changing it (for the test). */
    @GetMapping(value = "/probe", produces = "text/plain")
    String probe(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? "no session" : String.join(",", new TreeSet<>(Collections.list(session.getAttributeNames())));
    }
}
