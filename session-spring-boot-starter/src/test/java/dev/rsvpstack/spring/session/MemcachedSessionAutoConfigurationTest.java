package dev.rsvpstack.spring.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rsvpstack.session.SameSite;
import dev.rsvpstack.session.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class MemcachedSessionAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemcachedSessionAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void a_missing_secret_file_stops_the_start_naming_the_property() {
        runner.withPropertyValues("rsvp.session.nodes=127.0.0.1:11211").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rsvp.session.secret-file is required");
        });
        runner.withPropertyValues("rsvp.session.nodes=127.0.0.1:11211",
                "rsvp.session.secret-file=" + dir.resolve("absent")).run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("absent"));
    }

    @Test
    void no_node_stops_the_start_naming_the_properties() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
        runner.withPropertyValues("rsvp.session.secret-file=" + secret).run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("rsvp.session.nodes"));
    }

    @Test
    void cookie_properties_and_rotated_secrets_reach_the_settings() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "new secret\n\nold secret\n");
        runner.withPropertyValues("rsvp.session.secret-file=" + secret, "rsvp.session.nodes=127.0.0.1",
                "rsvp.session.cookie.max-age=8h", "rsvp.session.cookie.secure=true",
                "rsvp.session.cookie.same-site=strict").run(context -> {
                    assertThat(context).hasNotFailed();
                    SessionSettings settings = context.getBean(SessionSettings.class);
                    assertThat(settings.secrets()).isEqualTo(List.of("new secret", "old secret"));
                    assertThat(settings.cookieName()).isEqualTo("connect.sid");
                    assertThat(settings.maxAge()).isEqualTo(Duration.ofHours(8));
                    assertThat(settings.secure()).isTrue();
                    assertThat(settings.sameSite()).isEqualTo(SameSite.STRICT);
                });
    }

    @Test
    void nodes_are_host_and_port_with_11211_by_default() {
        assertThat(MemcachedSessionAutoConfiguration.parseNodes(List.of("10.0.0.5", " 10.0.0.6:11311", "[::1]:11212")))
                .extracting(node -> node.getHostString() + "/" + node.getPort())
                .containsExactly("10.0.0.5/11211", "10.0.0.6/11311", "0:0:0:0:0:0:0:1/11212");
    }
}
