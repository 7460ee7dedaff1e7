package dev.rsvpstack.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the server binaries that tests run. A missing binary is a failure that names the command
 * installing it, never a silent skip.
 */
public final class Binaries {
    private static final List<String> SEARCH_DIRS = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin");

    private Binaries() {
    }

    /**
     * @param name          the executable, for example {@code etcd}
     * @param debianPackage the Debian package that ships it, for the error message
     * @return its absolute path
     * @throws IllegalStateException naming {@code apt-get install <package>} when it is nowhere
     */
    public static Path require(String name, String debianPackage) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                "'" + name + "' is not installed: run 'sudo apt-get install -y " + debianPackage
                        + "' (or bin/test, which installs every server the tests need)"));
    }

    static Optional<Path> find(String name) {
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return SEARCH_DIRS.stream().map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
