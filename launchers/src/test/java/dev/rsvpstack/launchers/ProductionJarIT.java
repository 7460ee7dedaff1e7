package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The production executable (rsvp-stack.jar, which the image ships) carries no test doubles; the
 * demo executable adds the embedded CouchbaseMock for {@code demo} and {@code couchbase-mock}.
 */
class ProductionJarIT {
    private static final Path PRODUCTION = Path.of("target", "rsvp-stack.jar");
    private static final Path DEMO = Path.of("target", "rsvp-stack-demo.jar");

    @Test
    void the_production_jar_has_no_couchbase_mock_and_no_testkit_classes() throws IOException {
        List<String> entries = entries(PRODUCTION);

        assertThat(entries).as("test doubles in " + PRODUCTION)
                .noneMatch(name -> name.startsWith("com/couchbase/mock/"))
                .noneMatch(name -> name.startsWith("dev/rsvpstack/testkit/"));
        assertThat(entries).contains("dev/rsvpstack/launchers/RsvpStackCommand.class",
                "dev/rsvpstack/couchbase/Couchbase.class", "dev/rsvpstack/web/RsvpWebServer.class",
                "dev/rsvpstack/archiver/ArchiverService.class");
    }

    @Test
    void the_demo_jar_adds_the_embedded_couchbase_mock() throws IOException {
        assertThat(entries(DEMO)).contains("com/couchbase/mock/CouchbaseMock.class",
                "dev/rsvpstack/testkit/couchbase/EmbeddedCouchbase.class",
                "dev/rsvpstack/launchers/RsvpStackCommand.class");
    }

    @Test
    void demo_from_the_production_jar_says_which_jar_to_use_and_exits_2() throws Exception {
        try (LauncherProcess demo = LauncherProcess.start("production-jar-demo", "demo", "--port", "0")) {
            assertThat(demo.waitFor(30)).isEqualTo(2);
            assertThat(demo.output()).contains("demo needs the embedded CouchbaseMock")
                    .contains("rsvp-stack-demo.jar");
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }
}
