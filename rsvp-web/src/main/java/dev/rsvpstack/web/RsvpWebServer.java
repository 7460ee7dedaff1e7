package dev.rsvpstack.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.web.internal.LatestRsvpsBroadcaster;
import dev.rsvpstack.web.internal.LatestRsvpsPoller;
import dev.rsvpstack.web.internal.RsvpSocketEndpoint;
import dev.rsvpstack.web.internal.SecurityHeadersHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.util.Headers;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The web tier on one port: the page and its assets at {@code /}, the RSVP WebSocket at
 * {@value #SOCKET_PATH}, and {@code /healthz}. One poller feeds every client of this instance.
 */
public final class RsvpWebServer implements AutoCloseable {
    public static final String SOCKET_PATH = "/ws/rsvps";
    private static final Logger LOG = LoggerFactory.getLogger(RsvpWebServer.class);
    private static final String STATIC_ROOT = "dev/rsvpstack/web/static";

    private final WebSettings settings;
    private final XnioWorker worker;
    private final DeploymentManager deployment;
    private final Undertow server;
    private final LatestRsvpsBroadcaster broadcaster;
    private final LatestRsvpsPoller poller;

    private RsvpWebServer(WebSettings settings, LatestRsvpsSource source, ObjectMapper mapper) throws IOException {
        this.settings = settings;
        this.broadcaster = new LatestRsvpsBroadcaster();
        this.poller = new LatestRsvpsPoller(source, broadcaster, mapper, settings.latestLimit());
        // One worker of our own, shared by HTTP and WebSockets and closed with the server (no static default).
        this.worker = Xnio.getInstance(RsvpWebServer.class.getClassLoader())
                .createWorker(OptionMap.builder().set(Options.THREAD_DAEMON, true).set(Options.WORKER_NAME, "rsvp-web")
                        .getMap());
        this.deployment = socketDeployment(worker, broadcaster);
        this.server = Undertow.builder()
                .setWorker(worker)
                .addHttpListener(settings.port(), settings.host())
                .setHandler(routes(deployment))
                .build();
    }

    /** Starts serving and polling. */
    public static RsvpWebServer start(WebSettings settings, LatestRsvpsSource source, ObjectMapper mapper) {
        try {
            RsvpWebServer web = new RsvpWebServer(settings, source, mapper);
            web.server.start();
            web.poller.start(settings.pollInterval());
            LOG.info("web server listening at {}", web.uri());
            return web;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the web server", e);
        }
    }

    /** The page's address, for example {@code http://127.0.0.1:3000/}. */
    public URI uri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://" + settings.host() + ":" + address.getPort() + "/");
    }

    /** How many WebSocket clients are connected now. */
    public int clientCount() {
        return broadcaster.clientCount();
    }

    private static DeploymentManager socketDeployment(XnioWorker worker, LatestRsvpsBroadcaster broadcaster) {
        RsvpSocketEndpoint endpoint = new RsvpSocketEndpoint(broadcaster);
        ServerEndpointConfig endpointConfig = ServerEndpointConfig.Builder
                .create(RsvpSocketEndpoint.class, SOCKET_PATH.substring("/ws".length()))
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(endpoint);
                    }
                })
                .build();
        WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
                .setWorker(worker)
                .setBuffers(new io.undertow.server.DefaultByteBufferPool(true, 16 * 1024))
                .addEndpoint(endpointConfig);
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(RsvpWebServer.class.getClassLoader())
                .setContextPath("/ws")
                .setDeploymentName("rsvp-web-sockets")
                .addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
        DeploymentManager manager = Servlets.newContainer().addDeployment(info);
        manager.deploy();
        return manager;
    }

    private static HttpHandler routes(DeploymentManager deployment) {
        try {
            ResourceHandler page = Handlers.resource(
                            new ClassPathResourceManager(RsvpWebServer.class.getClassLoader(), STATIC_ROOT))
                    .setWelcomeFiles("index.html");
            PathHandler paths = Handlers.path(new SecurityHeadersHandler(page))
                    .addPrefixPath("/ws", deployment.start())
                    .addExactPath("/healthz", exchange -> {
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                        exchange.getResponseSender().send("ok\n");
                    });
            return paths;
        } catch (ServletException e) {
            throw new IllegalStateException("the WebSocket deployment did not start", e);
        }
    }

    @Override
    public void close() {
        poller.close();
        server.stop();
        try {
            deployment.stop();
        } catch (ServletException e) {
            LOG.warn("WebSocket deployment did not stop cleanly", e);
        }
        deployment.undeploy();
        worker.shutdown();
        LOG.info("web server stopped");
    }
}
