package dev.rsvpstack.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A dependency snippet in the docs names the version this build produces, so a copy-paste works. */
class ReadmeVersionTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root"));
    private static final String VERSION = System.getProperty("project.version");
    private static final Pattern SNIPPET = Pattern.compile(
            "<groupId>dev\\.rsvpstack</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void every_dependency_snippet_in_the_docs_uses_the_version_the_build_produces() throws IOException {
        List<String> snippets = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path doc : files.filter(ReadmeVersionTest::isDoc).toList()) {
                Matcher snippet = SNIPPET.matcher(Files.readString(doc));
                while (snippet.find()) {
                    snippets.add(ROOT.relativize(doc) + " " + snippet.group(1) + " " + snippet.group(2));
                }
            }
        }
        assertThat(snippets).as("snippets in README.md").anyMatch(s -> s.startsWith("README.md "));
        assertThat(snippets).as("project.version is " + VERSION).allMatch(s -> s.endsWith(" " + VERSION));
    }

    private static boolean isDoc(Path path) {
        String name = path.toString();
        return name.endsWith(".md") && !name.contains("/target/") && !name.contains("/node_modules/");
    }
}
