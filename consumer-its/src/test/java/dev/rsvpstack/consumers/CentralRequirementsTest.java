package dev.rsvpstack.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * What Maven Central requires of a release, checked on the files {@code verify} deployed into the
 * staging directory (the parent POM binds a deploy there): per artifact a POM with name, description,
 * url, license, developer and scm (inherited from the staged parent POM is fine, as for Central), and
 * for a jar the jar, its sources jar and its javadoc jar, each with checksums. Signatures (.asc) are
 * made by a release outside CI and are not checked here.
 */
class CentralRequirementsTest {
    private static final String GROUP = "dev.rsvpstack";
    private static final Path STAGING = Path.of(System.getProperty("central.staging.directory"));
    private static final String VERSION = System.getProperty("project.version");

    /** Everything we publish, and its packaging. launchers and consumer-its are not published. */
    static final Map<String, String> PUBLISHED = Map.of(
            "rsvp-stack-parent", "pom",
            "rsvp-stack-bom", "pom",
            "testkit", "jar",
            "discovery-lib", "jar",
            "discovery-spring-boot-starter", "jar",
            "session-lib", "jar",
            "session-spring-boot-starter", "jar",
            "couchbase-views", "jar",
            "rsvp-archiver", "jar",
            "rsvp-web", "jar");

    static List<String> published() {
        return PUBLISHED.keySet().stream().sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("published")
    void every_published_artifact_is_staged_with_the_files_central_requires(String artifactId) throws Exception {
        Path base = base(artifactId);
        List<String> files = "jar".equals(PUBLISHED.get(artifactId))
                ? List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")
                : List.of(".pom");
        for (String suffix : files) {
            Path file = base.resolveSibling(base.getFileName() + suffix);
            assertThat(file).as("staged").isRegularFile();
            assertThat(Path.of(file + ".sha1")).as("checksum").isRegularFile();
            assertThat(Path.of(file + ".md5")).as("checksum").isRegularFile();
        }
        if ("jar".equals(PUBLISHED.get(artifactId))) {
            assertThat(entries(base, "-sources.jar")).anyMatch(name -> name.endsWith(".java"));
            assertThat(entries(base, "-javadoc.jar")).contains("index.html");
        }
    }

    @ParameterizedTest
    @MethodSource("published")
    void every_staged_pom_carries_the_metadata_central_requires(String artifactId) throws Exception {
        Document pom = pom(artifactId);
        assertThat(text(pom, "/project/version").orElse(text(pom, "/project/parent/version").orElse("")))
                .as("version").isEqualTo(VERSION);
        assertThat(text(pom, "/project/name")).as("name").isPresent();
        assertThat(text(pom, "/project/description")).as("description").isPresent();
        for (String required : List.of("/project/url", "/project/licenses/license/name",
                "/project/licenses/license/url", "/project/developers/developer/name",
                "/project/scm/url", "/project/scm/connection")) {
            assertThat(inherited(pom, required)).as(artifactId + " " + required).isPresent();
        }
        assertThat(inherited(pom, "/project/licenses/license/name")).contains("Apache-2.0");
    }

    /** What Maven would inherit: the element itself, else the staged parent POM's. */
    private static Optional<String> inherited(Document pom, String path) throws Exception {
        Optional<String> own = text(pom, path);
        if (own.isPresent() || text(pom, "/project/parent/artifactId").isEmpty()) {
            return own;
        }
        return inherited(pom(text(pom, "/project/parent/artifactId").orElseThrow()), path);
    }

    private static Document pom(String artifactId) throws Exception {
        Path file = Path.of(base(artifactId) + ".pom");
        assertThat(file).as("staged POM of " + artifactId).isRegularFile();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Optional<String> text(Document document, String path) throws Exception {
        // POMs declare a default namespace; local-name() keeps the paths readable.
        String xpath = path.replaceAll("/([a-zA-Z]+)", "/*[local-name()='$1']");
        String value = (String) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.STRING);
        return value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /**
     * The staged file name without extension: {@code name-1.2.3} for a release, and for a snapshot
     * the latest timestamped build the version's maven-metadata.xml names.
     */
    private static Path base(String artifactId) throws Exception {
        Path directory = STAGING.resolve(GROUP.replace('.', '/')).resolve(artifactId).resolve(VERSION);
        assertThat(directory).as("%s staged in %s (verify stages the published modules when online; an offline build, -o,"
                + " stages nothing)", artifactId, STAGING).isDirectory();
        if (!VERSION.endsWith("-SNAPSHOT")) {
            return directory.resolve(artifactId + "-" + VERSION);
        }
        Document metadata = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(directory.resolve("maven-metadata.xml").toFile());
        String timestamp = text(metadata, "/metadata/versioning/snapshot/timestamp").orElseThrow();
        String build = text(metadata, "/metadata/versioning/snapshot/buildNumber").orElseThrow();
        return directory.resolve(artifactId + "-" + VERSION.replace("SNAPSHOT", timestamp + "-" + build));
    }

    private static List<String> entries(Path base, String suffix) throws IOException {
        try (ZipFile zip = new ZipFile(base + suffix)) {
            return zip.stream().map(entry -> entry.getName()).toList();
        }
    }
}
