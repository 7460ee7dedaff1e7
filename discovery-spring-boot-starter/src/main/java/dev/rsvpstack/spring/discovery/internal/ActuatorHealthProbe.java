package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.HealthProbe;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Passes while Actuator's health is UP. The health endpoint moved between Spring Boot 3
 * ({@code org.springframework.boot.actuate.health}) and 4 ({@code org.springframework.boot.health}),
 * with the same {@code health().getStatus().getCode()}; this reads it through that shape, so one jar
 * serves both lines.
 */
final class ActuatorHealthProbe implements HealthProbe {
    private static final Logger LOG = LoggerFactory.getLogger(ActuatorHealthProbe.class);
    private static final List<String> ENDPOINTS = List.of(
            "org.springframework.boot.actuate.health.HealthEndpoint",
            "org.springframework.boot.health.actuate.endpoint.HealthEndpoint");

    private final Object endpoint;
    private final Method health;
    private volatile String lastStatus = "UP";

    private ActuatorHealthProbe(Object endpoint, Method health) {
        this.endpoint = endpoint;
        this.health = health;
    }

    /** The probe, when the context has Actuator's health endpoint. */
    static Optional<HealthProbe> of(ApplicationContext context) {
        for (String name : ENDPOINTS) {
            if (ClassUtils.isPresent(name, ActuatorHealthProbe.class.getClassLoader())) {
                Class<?> type = ClassUtils.resolveClassName(name, ActuatorHealthProbe.class.getClassLoader());
                Object endpoint = context.getBeanProvider(type).getIfAvailable();
                if (endpoint != null) {
                    try {
                        return Optional.of(new ActuatorHealthProbe(endpoint, type.getMethod("health")));
                    } catch (NoSuchMethodException e) {
                        throw new IllegalStateException(name + " has no health() in this Spring Boot", e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean healthy() {
        String status;
        try {
            Object result = health.invoke(endpoint);
            Object statusObject = result.getClass().getMethod("getStatus").invoke(result);
            status = (String) statusObject.getClass().getMethod("getCode").invoke(statusObject);
        } catch (ReflectiveOperationException | RuntimeException e) {
            status = "UNKNOWN (" + e + ")";
        }
        if (!status.equals(lastStatus)) {
            LOG.info("health is {} (was {}): {}", status, lastStatus,
                    "UP".equals(status) ? "registering in etcd" : "withdrawing the registration from etcd");
            lastStatus = status;
        }
        return "UP".equals(status);
    }
}
