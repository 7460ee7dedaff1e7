package dev.rsvpstack.launchers.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsvpstack.testkit.Binaries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files (units/, vagrant/, Dockerfile) and every shell script of the repository,
 * checked with the real tools from Debian: systemd-analyze (package systemd), shellcheck and
 * vagrant. A missing tool fails the test and names its package; bin/test installs them.
 */
class DeploymentFilesIT {
    private static final Path ROOT = repositoryRoot();
    private static final Path UNITS = ROOT.resolve("units");
    private static final Path VAGRANT = ROOT.resolve("vagrant");
    private static final Path NODE_FILES = VAGRANT.resolve("butane/files");
    private static final String IMAGE = "ghcr.io/rsvp-stack/rsvp-stack:0.1.0";
    private static final Pattern EXEC_LINE = Pattern.compile("^(Exec[A-Za-z]+)=(.*)$");

    // ---------------------------------------------------------------- systemd units

    /*
     * systemd-analyze verify refuses a unit whose executable is missing, and a clean machine has
     * no /usr/bin/docker (nor /opt/rsvp-stack/bin/*, which the nodes get from node.ign). Rather
     * than install Docker, or verify edited copies, the units are verified unchanged with --root=
     * a temporary directory holding them in /etc/systemd/system, a stub executable at every path
     * their Exec lines name, and stub units for what they depend on outside the repository
     * (docker.service, the targets). Which executables those may be is a separate test below, so
     * the stubs hide nothing: every other check of verify (syntax, unknown directives, bad values,
     * dependencies between our units) runs for real.
     */
    @Test
    void every_unit_passes_systemd_analyze_verify(@TempDir Path root) throws Exception {
        Path systemdAnalyze = Binaries.require("systemd-analyze", "systemd");
        List<Path> units = unitFiles();
        assertThat(units).extracting(p -> p.getFileName().toString()).contains(
                "couchbase@.service", "couchbase-sidekick@.service", "memcached@.service",
                "memcached-sidekick@.service", "archiver@.service", "web@.service", "sim.service",
                "rsvp-etcd.service");

        List<String> names = stageVerifyRoot(root, units);
        ProcessResult result = run(List.of(systemdAnalyze.toString(), "verify", "--root=" + root,
                "--recursive-errors=yes"), names, Map.of(), root);

        assertThat(result.output()).as("systemd-analyze verify %s", names).isBlank();
        assertThat(result.exitCode()).as("systemd-analyze verify exit code").isZero();
    }

    /** Guards the harness above: a unit with a misspelt directive must not pass silently. */
    @Test
    void systemd_analyze_verify_reports_a_misspelt_directive(@TempDir Path root) throws Exception {
        Path systemdAnalyze = Binaries.require("systemd-analyze", "systemd");
        Path broken = root.resolve("input/web@.service");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(UNITS.resolve("web@.service"))
                .replace("ExecStart=", "ExecStrat="));
        Path stage = root.resolve("stage");
        List<String> names = stageVerifyRoot(stage, List.of(broken));

        ProcessResult result = run(List.of(systemdAnalyze.toString(), "verify", "--root=" + stage), names,
                Map.of(), root);

        assertThat(result.output()).contains("Unknown key 'ExecStrat'");
        assertThat(result.exitCode()).isNotZero();
    }

    @Test
    void units_run_only_executables_a_flatcar_node_has_or_node_ign_installs() throws IOException {
        Set<String> installedByNodeIgn = ignitionFiles().keySet();
        for (Path unit : unitFiles()) {
            for (String exe : executables(unit)) {
                assertThat(Set.of("/usr/bin/docker", "/usr/bin/mkdir").contains(exe)
                        || installedByNodeIgn.contains(exe))
                        .as("%s runs %s: not part of Flatcar nor installed by vagrant/butane/node.ign",
                                unit.getFileName(), exe)
                        .isTrue();
            }
        }
    }

    @Test
    void units_fix_the_books_unit_bugs() throws IOException {
        for (Path unit : unitFiles()) {
            String name = unit.getFileName().toString();
            List<String> lines = logicalLines(unit);
            for (String line : lines) {
                // Listing 6.1's ExecStartPost and the sidekicks' ExecStop lines had unbalanced quotes.
                assertThat(count(line, '\'') % 2).as("%s: unbalanced ' in %s", name, line).isZero();
                assertThat(count(line, '"') % 2).as("%s: unbalanced \" in %s", name, line).isZero();
                Matcher exec = EXEC_LINE.matcher(line);
                if (exec.matches()) {
                    // etcd v2's "etcdctl update/set --ttl" and "etcdctl rm": the sidekick uses v3 leases.
                    assertThat(exec.group(2)).as("%s: %s", name, line).doesNotContain("etcdctl");
                    // Removing a container that is not there (a first start) must not fail the unit.
                    if (exec.group(1).equals("ExecStartPre") && exec.group(2).matches(".*docker rm\\b.*")) {
                        assertThat(exec.group(2)).as("%s: %s", name, line).startsWith("-");
                    }
                    // docker rm -f / kill stop a container with SIGKILL: no graceful shutdown.
                    if (exec.group(1).equals("ExecStop")) {
                        assertThat(exec.group(2)).as("%s: %s", name, line).contains("docker stop");
                    }
                }
            }
        }
    }

    @Test
    void units_running_the_launcher_treat_exit_143_as_success_and_stop_on_bad_configuration() throws IOException {
        List<String> launcherUnits = new ArrayList<>();
        for (Path unit : unitFiles()) {
            String text = String.join("\n", logicalLines(unit));
            if (text.contains("RSVP_IMAGE")) {
                launcherUnits.add(unit.getFileName().toString());
                assertThat(text).as(unit.getFileName().toString())
                        .contains("Environment=RSVP_IMAGE=" + IMAGE)
                        .contains("SuccessExitStatus=143")
                        .contains("RestartPreventExitStatus=2")
                        .contains("Restart=always")
                        .containsPattern("TimeoutStopSec=(1[1-9]|[2-9][0-9])\\b");
            }
        }
        assertThat(launcherUnits).containsExactlyInAnyOrder("archiver@.service", "couchbase-sidekick@.service",
                "lb-sync.service", "memcached-sidekick@.service", "sim.service", "web@.service");
    }

    @Test
    void units_read_secrets_only_from_files() throws IOException {
        Pattern secretWord = Pattern.compile("(?i)password|secret");
        for (Path unit : unitFiles()) {
            for (String line : logicalLines(unit)) {
                for (String token : line.split("[\\s:=]+")) {
                    if (secretWord.matcher(token).find()) {
                        assertThat(token.startsWith("/etc/rsvp-stack/secrets/") || token.startsWith("/run/secrets/")
                                || token.matches("--[a-z-]+-file"))
                                .as("%s: '%s' in %s (secrets come from files, never from the unit)",
                                        unit.getFileName(), token, line)
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void units_keep_the_fleet_placement_of_the_book() throws IOException {
        Map<String, String> expected = Map.of(
                "couchbase@.service", "Conflicts=couchbase@*.service",
                "couchbase-sidekick@.service", "MachineOf=couchbase@%i.service",
                "memcached-sidekick@.service", "MachineOf=memcached@%i.service",
                "archiver@.service", "Conflicts=archiver@*.service",
                "web@.service", "Conflicts=web@*.service");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String text = Files.readString(UNITS.resolve(e.getKey()));
            assertThat(text).as(e.getKey()).contains("[X-Fleet]\n" + e.getValue());
        }
    }

    // ---------------------------------------------------------------- shell scripts

    @Test
    void every_shell_script_passes_shellcheck() throws Exception {
        Path shellcheck = Binaries.require("shellcheck", "shellcheck");
        List<String> scripts = shellScripts();
        assertThat(scripts).contains("bin/test", "bin/rsvp-stack", ".ci/run", "units/couchbase-init.sh",
                "units/published-address.sh");

        ProcessResult result = run(List.of(shellcheck.toString(), "--external-sources", "--format=gcc"), scripts, Map.of(), ROOT);

        assertThat(result.output()).as("shellcheck %s", scripts).isBlank();
        assertThat(result.exitCode()).isZero();
    }

    // ---------------------------------------------------------------- vagrant

    /*
     * "vagrant validate --ignore-provider" loads the Vagrantfile (and config.rb, and node.ign which
     * it parses) and checks every machine's configuration without VirtualBox and without the box:
     * it downloads nothing. It runs on a copy, with its own VAGRANT_HOME, so that it leaves no
     * .vagrant or .secrets directory in the work tree and needs no ~/.vagrant.d.
     */
    @Test
    void vagrantfile_validates_for_three_flatcar_nodes(@TempDir Path tmp) throws Exception {
        Path vagrant = Binaries.require("vagrant", "vagrant");
        Path copy = tmp.resolve("vagrant");
        copyTree(VAGRANT, copy);
        Map<String, String> env = Map.of("VAGRANT_HOME", tmp.resolve("vagrant-home").toString(),
                "VAGRANT_CHECKPOINT_DISABLE", "1", "VAGRANT_NO_COLOR", "1");

        ProcessResult result = run(List.of(vagrant.toString(), "validate", "--ignore-provider"), List.of(), env, copy);

        assertThat(result.output()).contains("Vagrantfile validated successfully")
                .contains("core-01").contains("core-02").contains("core-03");
        assertThat(result.exitCode()).isZero();
        String config = Files.readString(VAGRANT.resolve("config.rb"));
        assertThat(config).containsPattern("(?m)^\\$num_instances = 3$")
                .containsPattern("(?m)^\\$vm_memory = 2048$")
                .containsPattern("(?m)^\\$vm_cpus = 1$")
                .containsPattern("(?m)^\\$ip_prefix = '172\\.17\\.8'$");
        assertThat(Files.readString(VAGRANT.resolve("Vagrantfile")))
                .contains("flatcar_production_vagrant.json");
    }

    /*
     * Debian's ignition-validate (package ignition) checks node.ign as Flatcar's Ignition would read
     * it at first boot (spec 3.0.0-3.3.0): a config it rejects would leave every node unconfigured.
     */
    @Test
    void node_ign_passes_ignition_validate() throws Exception {
        Path validate = Binaries.require("ignition-validate", "ignition");

        ProcessResult result = run(List.of(validate.toString(), VAGRANT.resolve("butane/node.ign").toString()),
                List.of(), Map.of(), ROOT);

        assertThat(result.output()).as("ignition-validate node.ign").isBlank();
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void node_ign_installs_the_units_and_scripts_byte_for_byte_and_starts_docker_and_etcd() throws IOException {
        JsonNode ignition = new ObjectMapper().readTree(VAGRANT.resolve("butane/node.ign").toFile());
        assertThat(ignition.path("ignition").path("version").asText()).isEqualTo("3.3.0");
        Map<String, IgnitionFile> files = ignitionFiles();
        String butane = Files.readString(VAGRANT.resolve("butane/node.bu"));

        Map<String, Path> expected = new HashMap<>();
        try (Stream<Path> units = Files.list(UNITS)) {
            for (Path p : units.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".service")) {
                    expected.put("/etc/systemd/system/" + name, p);
                } else if (name.endsWith(".sh")) {
                    expected.put("/opt/rsvp-stack/bin/" + name.substring(0, name.length() - 3), p);
                }
            }
        }
        expected.put("/etc/systemd/system/rsvp-etcd.service", NODE_FILES.resolve("rsvp-etcd.service"));
        expected.put("/etc/docker/daemon.json", NODE_FILES.resolve("docker-daemon.json"));
        expected.put("/etc/rsvp-stack/cluster.env", NODE_FILES.resolve("cluster.env"));

        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (Map.Entry<String, Path> e : expected.entrySet()) {
            IgnitionFile file = files.get(e.getKey());
            String local = ROOT.relativize(e.getValue()).toString();
            assertThat(butane).as("node.bu installs %s", local).contains("local: " + local);
            assertThat(new String(file.contents(), StandardCharsets.UTF_8))
                    .as("%s in node.ign differs from %s: regenerate node.ign (see node.bu)", e.getKey(), local)
                    .isEqualTo(Files.readString(e.getValue()));
            int mode = e.getKey().startsWith("/opt/rsvp-stack/bin/") ? 0755 : 0644;
            assertThat(file.mode()).as("mode of %s", e.getKey()).isEqualTo(mode);
        }

        List<String> enabled = new ArrayList<>();
        ignition.path("systemd").path("units").forEach(u -> {
            if (u.path("enabled").asBoolean()) {
                enabled.add(u.path("name").asText());
            }
        });
        assertThat(enabled).containsExactlyInAnyOrder("docker.service", "rsvp-etcd.service");
    }

    // ---------------------------------------------------------------- Dockerfile

    /* The Dockerfile's text; bin/test-containers builds and runs the image. */
    @Test
    void dockerfile_runs_the_shaded_launcher_jar_as_a_non_root_user() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        String pom = Files.readString(ROOT.resolve("launchers/pom.xml"));

        assertThat(pom).contains("<outputFile>${project.build.directory}/rsvp-stack.jar</outputFile>");
        assertThat(dockerfile)
                // the official JRE image for users with a registry; bin/images passes a local base
                .containsPattern("(?m)^ARG BASE=eclipse-temurin:17-jre$")
                .containsPattern("(?m)^FROM \\$\\{BASE\\}$")
                // the production jar by default; bin/images passes JAR=rsvp-stack-demo.jar for the demo image
                .containsPattern("(?m)^ARG JAR=rsvp-stack\\.jar$")
                .containsPattern("(?m)^COPY .*launchers/target/\\$\\{JAR\\} /opt/rsvp-stack/rsvp-stack\\.jar$")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^EXPOSE 3000 4000$") // the page, and the management port (/metrics)
                .containsPattern("(?m)^HEALTHCHECK .*\\\\$")
                .contains("/healthz")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"/opt/rsvp-stack/rsvp-stack\\.jar\"\\]$")
                .containsPattern("(?m)^CMD \\[\"web\"\\]$")
                .containsPattern("(?m)^ARG VERSION=unknown$")
                .containsPattern("(?m)^ARG REVISION=unknown$")
                .contains("org.opencontainers.image.version=\"${VERSION}\"",
                        "org.opencontainers.image.revision=\"${REVISION}\"");
        assertThat(Files.readString(ROOT.resolve("bin/lib/images.sh")))
                .contains("--build-arg \"VERSION=$version\"", "--build-arg \"REVISION=$revision\"");
        assertThat(Files.readString(ROOT.resolve(".dockerignore")))
                .containsPattern("(?m)^\\*$")
                .containsPattern("(?m)^!launchers/target/rsvp-stack\\.jar$");
    }

    // ---------------------------------------------------------------- helpers

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("units"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (mvnw and units/) above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> unitFiles() throws IOException {
        List<Path> units = new ArrayList<>();
        for (Path dir : List.of(UNITS, NODE_FILES)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".service")).sorted().forEach(units::add);
            }
        }
        return units;
    }

    /** Stages units and stubs under root; returns the unit names to verify (templates as instance 1). */
    private static List<String> stageVerifyRoot(Path root, List<Path> units) throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        Path lib = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        List<String> names = new ArrayList<>();
        Set<String> stubs = new TreeSet<>();
        for (Path unit : units) {
            String name = unit.getFileName().toString();
            Files.copy(unit, etc.resolve(name));
            names.add(name.replace("@.", "@1."));
            stubs.addAll(executables(unit));
        }
        for (String exe : stubs) {
            Path stub = root.resolve(exe.substring(1));
            Files.createDirectories(stub.getParent());
            Files.writeString(stub, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String target : List.of("sysinit.target", "basic.target", "shutdown.target", "multi-user.target",
                "network-online.target")) {
            Files.writeString(lib.resolve(target), "[Unit]\nDescription=stub " + target + "\n");
        }
        Path docker = root.resolve("usr/bin/docker");
        Files.createDirectories(docker.getParent());
        if (!Files.exists(docker)) {
            Files.writeString(docker, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(lib.resolve("docker.service"),
                "[Unit]\nDescription=stub Docker\n[Service]\nExecStart=/usr/bin/docker\n");
        return names;
    }

    /** The absolute executables a unit's Exec*= lines run, without systemd's -@:+! prefixes. */
    private static Set<String> executables(Path unit) throws IOException {
        Set<String> exes = new TreeSet<>();
        for (String line : logicalLines(unit)) {
            Matcher m = EXEC_LINE.matcher(line);
            if (m.matches()) {
                String command = m.group(2).trim().replaceFirst("^[-@:+!]+", "");
                exes.add(command.split("\\s+", 2)[0]);
            }
        }
        assertThat(exes).as("executables of %s", unit.getFileName()).allMatch(e -> e.startsWith("/"));
        return exes;
    }

    /** The unit's lines with backslash continuations joined and comments dropped. */
    private static List<String> logicalLines(Path unit) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(unit)) {
            if (current.isEmpty() && (raw.startsWith("#") || raw.startsWith(";"))) {
                continue;
            }
            if (raw.endsWith("\\")) {
                current.append(raw, 0, raw.length() - 1).append(' ');
            } else {
                current.append(raw);
                lines.add(current.toString().replaceAll("\\s+", " ").trim());
                current.setLength(0);
            }
        }
        return lines;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(ch -> ch == c).count();
    }

    private record IgnitionFile(byte[] contents, int mode) {
    }

    private static Map<String, IgnitionFile> ignitionFiles() throws IOException {
        JsonNode ignition = new ObjectMapper().readTree(VAGRANT.resolve("butane/node.ign").toFile());
        Map<String, IgnitionFile> files = new HashMap<>();
        for (JsonNode f : ignition.path("storage").path("files")) {
            String source = f.path("contents").path("source").asText();
            String compression = f.path("contents").path("compression").asText("");
            byte[] data = dataUrl(source);
            if (compression.equals("gzip")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                    data = in.readAllBytes();
                }
            } else {
                assertThat(compression).as("compression of %s", f.path("path")).isEmpty();
            }
            files.put(f.path("path").asText(), new IgnitionFile(data, f.path("mode").asInt(-1)));
        }
        return files;
    }

    /** Decodes "data:;base64,..." and "data:,<percent-encoded>" (both appear in Butane's output). */
    private static byte[] dataUrl(String source) {
        assertThat(source).startsWith("data:");
        int comma = source.indexOf(',');
        String meta = source.substring(5, comma);
        String payload = source.substring(comma + 1);
        if (meta.endsWith(";base64")) {
            return Base64.getDecoder().decode(payload);
        }
        return URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every shell script of the repository, relative to its root: bin/*, .ci/run, bench/&#42;/run, units/*.sh,
     * and any other file ending in .sh or starting with a sh/bash shebang (outside .git, target,
     * node_modules and .vagrant).
     */
    private static List<String> shellScripts() throws IOException {
        Set<String> skip = Set.of(".git", "target", "node_modules", ".vagrant", ".mvn");
        Pattern shebang = Pattern.compile("^#!\\s*(/usr)?/bin/(env\\s+)?(ba)?sh\\b");
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> ROOT.relativize(p).getNameCount() > 0)
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) {
                            if (skip.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(p -> !p.getFileName().toString().equals("mvnw"))
                    .filter(p -> p.getFileName().toString().endsWith(".sh") || firstLineMatches(p, shebang))
                    .map(p -> ROOT.relativize(p).toString())
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean firstLineMatches(Path file, Pattern pattern) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(128);
            String first = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            return pattern.matcher(first).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Set<String> skip = Set.of(".vagrant", ".secrets");
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path rel = from.relativize(p);
                if (rel.getNameCount() > 0 && skip.contains(rel.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private static ProcessResult run(List<String> command, List<String> args, Map<String, String> env, Path dir)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.addAll(args);
        Path log = Files.createTempFile("deployment-files-it", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            Process process = pb.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(full + " did not finish within 60 s: " + Files.readString(log));
            }
            return new ProcessResult(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
