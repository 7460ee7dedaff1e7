package com.example.shop;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/** The security context in the session as JSON, readable by every instance. */
final class JsonSecurityContextRepository implements SecurityContextRepository {
    static final String ATTRIBUTE = "spring-security-context";
    private final SecurityJsonSession json;

    JsonSecurityContextRepository(SecurityJsonSession json) {
        this.json = json;
    }

    /** Called lazily, on the first use of the context in a request (the interface's loadDeferredContext). */
    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        SecurityContext stored = json.get(holder.getRequest().getSession(false), ATTRIBUTE, SecurityContextImpl.class);
        return stored != null ? stored : SecurityContextHolder.createEmptyContext();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        if (context.getAuthentication() == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        json.put(request.getSession(), ATTRIBUTE, context);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ATTRIBUTE) != null;
    }
}
