package dev.rsvpstack.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rsvpstack.testkit.memcached.MemcachedExtension;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The servlet filter under an ordinary servlet, in embedded Tomcat 11 and in Undertow's servlet container. */
class ServletContainersIT {
    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.nodes(1);

    private static MemcachedSessionStore store;
    private static Sessions sessions;
    private static Tomcat tomcat;
    private static Undertow undertow;
    private final Http http = new Http();

    @BeforeAll
    static void start() throws Exception {
        store = SessionStores.memcached(TestSettings.patient(MEMCACHED.addresses()).build());
        sessions = Sessions.builder(store, SessionSettings.builder("servlet secret").build()).build();
        tomcat = startTomcat(new SessionFilter(sessions));
        undertow = startUndertow(new SessionFilter(sessions));
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        undertow.stop();
        store.close();
    }

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("tomcat", (Function<String, URI>) path -> URI.create("http://127.0.0.1:"
                        + tomcat.getConnector().getLocalPort() + path)),
                Arguments.of("undertow", (Function<String, URI>) path -> URI.create("http://127.0.0.1:"
                        + ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort() + path)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void get_session_is_backed_by_memcached_across_requests(String name, Function<String, URI> uri) {
        Http.Reply first = http.get(uri.apply("/count"), null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.views()).isEqualTo("1");
        assertThat(first.cookie()).startsWith("connect.sid=s%3A" + first.id() + ".");
        assertThat(first.setCookies()).noneMatch(c -> c.startsWith("JSESSIONID"));
        // written without making the response wait: another connection sees it moments later
        await().untilAsserted(() -> assertThat(RawMemcached.get(MEMCACHED.addresses().get(0), "sess:" + first.id()))
                .isNotNull());

        Http.Reply second = http.get(uri.apply("/count"), first.cookie());
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.views()).isEqualTo("2");
        assertThat(second.setCookies()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void change_session_id_at_login_keeps_the_attributes_under_a_new_id(String name, Function<String, URI> uri) {
        Http.Reply anonymous = http.get(uri.apply("/count"), null);
        Http.Reply login = http.get(uri.apply("/login"), anonymous.cookie());
        assertThat(login.id()).isNotEqualTo(anonymous.id());
        assertThat(login.views()).isEqualTo("2");
        assertThat(login.cookie()).contains(login.id());
        assertThat(http.get(uri.apply("/peek"), anonymous.cookie()).body()).isEqualTo("- none");
        assertThat(http.get(uri.apply("/peek"), login.cookie()).body()).isEqualTo(login.id() + " 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void invalidate_destroys_the_session(String name, Function<String, URI> uri) {
        Http.Reply first = http.get(uri.apply("/count"), null);
        assertThat(http.get(uri.apply("/logout"), first.cookie()).status()).isEqualTo(200);
        assertThat(http.get(uri.apply("/peek"), first.cookie()).body()).isEqualTo("- none");
        await().untilAsserted(() -> assertThat(RawMemcached.get(MEMCACHED.addresses().get(0), "sess:" + first.id()))
                .isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void a_request_that_does_not_use_the_session_costs_no_cookie(String name, Function<String, URI> uri) {
        Http.Reply peek = http.get(uri.apply("/peek"), null);
        assertThat(peek.body()).isEqualTo("- none");
        assertThat(peek.setCookies()).isEmpty();
    }

    private static Tomcat startTomcat(SessionFilter filter) throws Exception {
        Path base = Files.createDirectories(Path.of("target", "tomcat-it"));
        Tomcat server = new Tomcat();
        server.setBaseDir(base.toAbsolutePath().toString());
        server.setHostname("127.0.0.1");
        server.setPort(0);
        server.getConnector().setProperty("address", "127.0.0.1");
        Context context = server.addContext("", base.toAbsolutePath().toString());
        Tomcat.addServlet(context, "count", new CountingServlet());
        context.addServletMapping("/*", "count");
        FilterDef def = new FilterDef();
        def.setFilterName("sessions");
        def.setFilter(filter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("sessions");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        server.start();
        return server;
    }

    private static Undertow startUndertow(SessionFilter filter) throws Exception {
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(ServletContainersIT.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("session-lib-it")
                .addServlet(Servlets.servlet("count", CountingServlet.class,
                        new ImmediateInstanceFactory<>(new CountingServlet())).addMapping("/*"))
                .addFilter(Servlets.filter("sessions", SessionFilter.class, new ImmediateInstanceFactory<>(filter)))
                .addFilterUrlMapping("sessions", "/*", DispatcherType.REQUEST);
        DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
        manager.deploy();
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
        return server;
    }
}
