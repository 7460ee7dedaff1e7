package com.example.shop;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/** The CSRF token in the session as JSON, so a form served by one instance posts to another. */
final class JsonCsrfTokenRepository implements CsrfTokenRepository {
    static final String ATTRIBUTE = "spring-security-csrf";
    private final SecurityJsonSession json;

    JsonCsrfTokenRepository(SecurityJsonSession json) {
        this.json = json;
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", UUID.randomUUID().toString());
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        json.put(request.getSession(), ATTRIBUTE, token);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return json.get(request.getSession(false), ATTRIBUTE, DefaultCsrfToken.class);
    }
}
