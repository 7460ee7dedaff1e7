package dev.rsvpstack.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rsvpstack.couchbase.rsvp.RsvpViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CouchbaseSettingsTest {
    @TempDir
    Path dir;

    @Test
    void password_comes_from_a_file_without_its_trailing_newline_and_never_shows() throws Exception {
        Path file = Files.writeString(dir.resolve("couchbase-password"), "s3cret\n");

        CouchbaseSettings settings = CouchbaseSettings.builder().connectionString("couchbase://10.0.0.1,10.0.0.2:11210")
                .bucket("rsvps").passwordFile(file).designDocument(RsvpViews.DESIGN_DOCUMENT).build();

        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.username()).as("defaults to the bucket").isEqualTo("rsvps");
        assertThat(settings.nodes()).containsExactly("10.0.0.1", "10.0.0.2:11210");
        assertThat(settings.connectionString()).isEqualTo("couchbase://10.0.0.1,10.0.0.2:11210");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(settings.withNodes(List.of("10.0.0.9")).password()).isEqualTo("s3cret");
    }

    @Test
    void build_names_every_problem_at_once() {
        assertThatThrownBy(() -> CouchbaseSettings.builder().passwordFile(dir.resolve("missing"))
                .queryTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes: at least one host")
                .hasMessageContaining("bucket must not be blank")
                .hasMessageContaining("password file " + dir.resolve("missing") + " cannot be read")
                .hasMessageContaining("queryTimeout must be positive");
    }

    @Test
    void an_empty_password_is_refused_as_the_sdk_would() {
        assertThatThrownBy(() -> CouchbaseSettings.builder().nodes(List.of("h")).bucket("b").password("").build())
                .hasMessageContaining("password must not be empty");
    }

    @Test
    void queries_are_checked_at_build() {
        assertThatThrownBy(() -> ViewQuery.builder("d", "v").reduce(false).group(true).limit(-1)
                .startKey(new Object()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must not be negative")
                .hasMessageContaining("group and groupLevel need the reduce step")
                .hasMessageContaining("startKey must be a string, number, boolean");
        assertThat(ViewQuery.builder("d", "v").startKey(List.of(2026, "x")).build().startKey())
                .isEqualTo(List.of(2026, "x"));
    }

    @Test
    void design_documents_are_production_ones_with_distinct_views() {
        assertThatThrownBy(() -> DesignDocument.builder("dev_rsvps").view("v", "function (d) {}").build())
                .hasMessageContaining("plain production name");
        assertThatThrownBy(() -> DesignDocument.builder("d").view("v", "m").view("v", "m2").build())
                .hasMessageContaining("names a view twice");
    }
}
