package dev.rsvpstack.launchers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** What the packaged jar's manifest says, read as a file (the tests' own class path has no such manifest). */
final class BuildInfoOfTheJar {
    private BuildInfoOfTheJar() {
    }

    static BuildInfo read() throws IOException {
        try (JarFile jar = new JarFile(Path.of("target", "rsvp-stack.jar").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            return new BuildInfo(main.getValue(Attributes.Name.IMPLEMENTATION_VERSION), main.getValue("Git-Commit"));
        }
    }
}
