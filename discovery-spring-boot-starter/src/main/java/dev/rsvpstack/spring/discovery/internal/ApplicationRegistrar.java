package dev.rsvpstack.spring.discovery.internal;

import dev.rsvpstack.discovery.Discovery;
import dev.rsvpstack.discovery.HealthProbe;
import dev.rsvpstack.discovery.HealthProbes;
import dev.rsvpstack.discovery.Registration;
import dev.rsvpstack.discovery.RegistrationRequest;
import dev.rsvpstack.spring.discovery.EtcdDiscoveryProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Registers the application under {@code /services/<service>/<instance>} once it is ready (the web
 * server's port is known then), kept while Actuator's health is UP and withdrawn while it is not;
 * closing the context revokes it.
 */
public final class ApplicationRegistrar implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRegistrar.class);

    private final Discovery discovery;
    private final EtcdDiscoveryProperties.Registration settings;
    private volatile Registration registration;

    public ApplicationRegistrar(Discovery discovery, EtcdDiscoveryProperties.Registration settings) {
        this.discovery = discovery;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (registration != null) {
            return;
        }
        Environment environment = event.getApplicationContext().getEnvironment();
        String service = settings.getService() != null ? settings.getService()
                : environment.getProperty("spring.application.name");
        if (service == null) {
            throw new IllegalStateException("rsvp.discovery.registration needs a service name: set "
                    + "spring.application.name or rsvp.discovery.registration.service (or registration.enabled=false)");
        }
        Integer port = settings.getPort() != null ? settings.getPort()
                : environment.getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("rsvp.discovery.registration: no web server port to announce; set "
                    + "rsvp.discovery.registration.port (or registration.enabled=false)");
        }
        String host = settings.getHost() != null ? settings.getHost() : localAddress();
        String instance = settings.getInstance() != null ? settings.getInstance()
                : (host + "-" + port).replaceAll("[^A-Za-z0-9._-]", "_");
        HealthProbe probe = ActuatorHealthProbe.of(event.getApplicationContext()).orElseGet(() -> {
            LOG.warn("rsvp.discovery.registration: no Actuator health endpoint, so {} stays registered as long as "
                    + "the application runs (add spring-boot-starter-actuator to follow its health)", service);
            return HealthProbes.always();
        });
        String address = host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        RegistrationRequest request = RegistrationRequest.builder(service, instance, address)
                .ttl(settings.getTtl()).probe(probe, settings.getProbeInterval()).build();
        registration = discovery.register(request);
        LOG.info("registering {} = {} in etcd while the health is UP", request.key(), address);
    }

    /** The running registration, once the application is ready. */
    public Registration registration() {
        return registration;
    }

    private static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("rsvp.discovery.registration: this machine's address is unknown ("
                    + e.getMessage() + "); set rsvp.discovery.registration.host", e);
        }
    }

    @Override
    public void destroy() {
        Registration running = registration;
        registration = null;
        if (running != null) {
            running.close();
        }
    }
}
