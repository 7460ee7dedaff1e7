package dev.rsvpstack.launchers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The release version and git commit the running jar was built from, read from its manifest
 * (written by the build: Implementation-Version, Git-Commit). Outside the packaged jar (an IDE, the
 * unit tests) neither is known, and this says so instead of guessing.
 */
record BuildInfo(String version, String commit) {
    static final String UNKNOWN = "unknown";

    private static final BuildInfo CURRENT = read();

    static BuildInfo current() {
        return CURRENT;
    }

    /** {@code rsvp-stack 0.1.0 (commit 0123456789ab)}: what --version prints and the first log line quotes. */
    String describe() {
        return "rsvp-stack " + version + " (commit " + commit + ")";
    }

    private static BuildInfo read() {
        try {
            Enumeration<URL> manifests = BuildInfo.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    if ("rsvp-stack".equals(main.getValue(Attributes.Name.IMPLEMENTATION_TITLE))) {
                        return new BuildInfo(orUnknown(main.getValue(Attributes.Name.IMPLEMENTATION_VERSION)),
                                orUnknown(main.getValue("Git-Commit")));
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable manifest is a development build as far as the version goes
        }
        return new BuildInfo("(development build)", UNKNOWN);
    }

    /** Blank, or the build's placeholder left as it was (no git repository at build time: a source tarball). */
    private static String orUnknown(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
    }
}
