package dev.rsvpstack.launchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built jar names the release and the commit it was built from. */
class VersionIT {
    @Test
    void manifest_carries_the_project_version_and_the_commit_of_the_build() throws Exception {
        BuildInfo info = BuildInfoOfTheJar.read();

        assertThat(info.version()).isEqualTo(System.getProperty("project.version", info.version()))
                .matches("\\d+\\.\\d+\\.\\d+.*");
        String head = gitHead();
        if (head != null) {
            assertThat(info.commit()).isEqualTo(head);
        } else {
            assertThat(info.commit()).as("built without git").isEqualTo(BuildInfo.UNKNOWN);
        }
    }

    @Test
    void version_option_prints_the_version_and_commit_from_the_manifest() throws Exception {
        BuildInfo info = BuildInfoOfTheJar.read();
        try (LauncherProcess version = LauncherProcess.start("version", "--version")) {
            assertThat(version.waitFor(30)).isZero();
            assertThat(version.output().strip())
                    .isEqualTo("rsvp-stack " + info.version() + " (commit " + info.commit() + ")");
        }
    }

    /** {@code git rev-parse --short=12 HEAD} here, or null without git or a repository. */
    private static String gitHead() throws InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        }
    }
}
