package dev.rsvpstack.spring.session.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session attributes as plain JSON values, so that express-session reads the record: strings,
 * numbers, booleans, lists and maps are stored as they are; records and POJOs as the JSON Jackson
 * writes (read back as maps). Spring Security's objects ({@code SecurityContextImpl},
 * {@code DefaultCsrfToken}, {@code DefaultSavedRequest}, authentication exceptions...) are written by
 * Spring Security's own Jackson modules ({@code SecurityJackson2Modules}): each object carries its
 * type in an {@code "@class"} member, which Node sees as one more string member, and they are read back
 * typed through the modules' allow-list of classes. The modules' default typing stays on their own
 * mapper, never on the one that writes the other attributes.
 */
public final class AttributeCodec {
    static final String TYPE_MEMBER = "@class";
    private static final Logger LOG = LoggerFactory.getLogger(AttributeCodec.class);
    private static final String SECURITY_PACKAGE = "org.springframework.security.";

    private final ObjectMapper plain;
    private final ObjectMapper typed;
    private final AtomicLong unreadable = new AtomicLong();

    /**
     * @param plain the mapper for plain values, records and POJOs
     * @param typed a mapper with Spring Security's modules, or {@code null} without Spring Security
     */
    public AttributeCodec(ObjectMapper plain, ObjectMapper typed) {
        this.plain = plain;
        this.typed = typed;
    }

    /** Without Spring Security on the class path, or with it: its modules from {@code loader}. */
    public static AttributeCodec create(ClassLoader loader) {
        ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule());
        if (!SecurityModules.available(loader)) {
            return new AttributeCodec(plain, null);
        }
        return new AttributeCodec(plain, SecurityModules.mapper(loader));
    }

    /**
     * {@code value} as plain JSON values.
     *
     * @throws IllegalArgumentException naming the attribute when the value cannot be written as JSON
     */
    public Object toPlain(String name, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        try {
            if (typed != null && value.getClass().getName().startsWith(SECURITY_PACKAGE)) {
                return plain.readValue(typed.writeValueAsBytes(value), Object.class);
            }
            return plain.convertValue(value, Object.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("session attribute '" + name + "' of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The attribute's value as the application set it: an object with an {@code "@class"} member
     * through Spring Security's modules, anything else as the plain value. A typed value that does not
     * read back (a class outside the modules' allow-list, or a record a Node application changed) is
     * counted, logged and treated as absent.
     */
    public Object fromPlain(String name, Object stored) {
        if (typed == null || !(stored instanceof Map<?, ?> map) || !(map.get(TYPE_MEMBER) instanceof String type)) {
            return stored;
        }
        try {
            return typed.readValue(plain.writeValueAsBytes(stored), Object.class);
        } catch (IOException | IllegalArgumentException e) {
            if (unreadable.getAndIncrement() == 0) {
                LOG.warn("session attribute '{}' of type {} could not be read back and is treated as absent ({}); "
                        + "further cases are counted (unreadableAttributes) and logged at DEBUG", name, type,
                        e.getMessage());
            } else {
                LOG.debug("session attribute '{}' of type {} could not be read back", name, type, e);
            }
            return null;
        }
    }

    /** Typed attributes that could not be read back since start. */
    public long unreadableAttributes() {
        return unreadable.get();
    }

    /** Spring Security's Jackson modules, looked up by name so that the starter runs without Spring Security. */
    static final class SecurityModules {
        private static final String MODULES = "org.springframework.security.jackson2.SecurityJackson2Modules";

        private SecurityModules() {
        }

        static boolean available(ClassLoader loader) {
            try {
                Class.forName(MODULES, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        @SuppressWarnings("deprecation") // Spring Security 7 deprecates the Jackson 2 modules; session-lib is on Jackson 2
        static ObjectMapper mapper(ClassLoader loader) {
            List<com.fasterxml.jackson.databind.Module> modules =
                    org.springframework.security.jackson2.SecurityJackson2Modules.getModules(loader);
            // java.time: Spring Security 7's FactorGrantedAuthority has an Instant (issuedAt)
            return new ObjectMapper().registerModule(new JavaTimeModule()).registerModules(modules);
        }
    }

}
