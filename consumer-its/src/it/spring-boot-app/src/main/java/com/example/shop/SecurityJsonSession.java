package com.example.shop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.jackson2.SecurityJackson2Modules;

/**
 * Spring Security's objects in a session-lib session, as JSON strings written by Spring Security's
 * own Jackson modules (they add the type information and the allow-list of classes they read back).
 * session-lib hands back plain JSON values (maps, lists, strings), never the object that was set, and
 * its own mapper must stay free of the modules' default typing (the record is shared with Node).
 */
final class SecurityJsonSession {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModules(SecurityJackson2Modules.getModules(SecurityJsonSession.class.getClassLoader()));

    void put(HttpSession session, String name, Object value) {
        try {
            session.setAttribute(name, mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value.getClass().getName() + " as JSON", e);
        }
    }

    <T> T get(HttpSession session, String name, Class<T> type) {
        Object json = session == null ? null : session.getAttribute(name);
        if (!(json instanceof String text)) {
            return null;
        }
        try {
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session attribute " + name + " is not a " + type.getName(), e);
        }
    }
}
