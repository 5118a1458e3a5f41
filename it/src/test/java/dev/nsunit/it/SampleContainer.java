package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;

/**
 * A running container of the {@link RootfsImage} with the host's {@code /usr}, the JDK and the samples' class path
 * bound in read-only, that waits ({@code sleep infinity}, under {@code docker-init}) for the samples to be run in it
 * with the JUnit console launcher, as many times as a scenario likes.
 */
final class SampleContainer implements AutoCloseable {

    /** The user a CI job runs as when it is not root (nobody). */
    static final String NON_ROOT = "65534:65534";

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final Path CLASSPATH_DIR = Path.of(required("nsunit.it.classpath.dir"));
    private static final Path REPORTS_DIR = Path.of(required("nsunit.it.reports.dir"));

    private final String scenario;
    private final ContainerFlags flags;
    private final GenericContainer<?> container;

    private SampleContainer(String scenario, ContainerFlags flags) {
        this.scenario = scenario;
        this.flags = flags;
        this.container = new GenericContainer<>(DockerImageName.parse(RootfsImage.name()))
                .withCommand("sleep", "infinity")
                .withLabel("dev.nsunit.it.scenario", scenario)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(hostConfig(cmd.getHostConfig(), flags)));
    }

    /** Starts a container with the given flags; the caller closes it (which removes it). */
    static SampleContainer start(String scenario, ContainerFlags flags) {
        SampleContainer started = new SampleContainer(scenario, flags);
        try {
            started.container.start();
        }
        catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    ContainerFlags flags() {
        return flags;
    }

    /**
     * Binds, {@code --init} and the flags are all set here, on the create command, rather than with Testcontainers'
     * own methods: its file system binds are checked by starting a helper container, whose image is not here.
     */
    private static HostConfig hostConfig(HostConfig fromTestcontainers, ContainerFlags flags) {
        HostConfig config = fromTestcontainers;
        if (flags.unmaskedProc()) {
            // Nothing else is set on it for a container like ours: no ports, no network, no file system binds.
            config = new UnmaskedHostConfig().withNetworkMode(fromTestcontainers.getNetworkMode());
        }
        return config.withBinds(binds())
                .withInit(true)
                .withPrivileged(flags.privileged())
                .withCapAdd(flags.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(flags.securityOpts());
    }

    /**
     * The host's {@code /usr} (java, sh, coreutils, util-linux), the JDK if it lives elsewhere, the files its
     * {@code conf} links to (Debian's JDKs link into {@code /etc/java-N-openjdk}), the user database, and the
     * samples' class path, all read-only, at the same paths as on the host.
     */
    private static List<Bind> binds() {
        List<Path> paths = new ArrayList<>(List.of(Path.of("/usr")));
        if (!JAVA_HOME.startsWith("/usr")) {
            paths.add(JAVA_HOME);
        }
        try (Stream<Path> conf = Files.walk(JAVA_HOME.resolve("conf"))) {
            conf.filter(Files::isSymbolicLink).map(SampleContainer::realParent)
                    .filter(dir -> paths.stream().noneMatch(dir::startsWith))
                    .forEach(paths::add);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A link's folder may sit inside another one's (conf/security/...): keep the outermost.
        List<Path> outermost = paths.stream().distinct()
                .filter(path -> paths.stream().noneMatch(other -> !other.equals(path) && path.startsWith(other)))
                .toList();
        List<Bind> binds = new ArrayList<>();
        for (Path path : outermost) {
            binds.add(readOnly(path));
        }
        binds.add(readOnly(Path.of("/etc/passwd")));
        binds.add(readOnly(Path.of("/etc/group")));
        binds.add(readOnly(CLASSPATH_DIR));
        return binds;
    }

    private static Path realParent(Path link) {
        try {
            return link.toRealPath().getParent();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Bind readOnly(Path path) {
        return new Bind(path.toString(), new Volume(path.toString()), AccessMode.ro);
    }

    /** Runs a command in the container, as root ({@code user} null) or as the given {@code uid:gid}. */
    ExecResult exec(String user, String... command) {
        try {
            return container.execInContainer(ExecConfig.builder().user(user).command(command).build());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What must be the same before and after the samples ran in the container. */
    record State(String hostname, String domainname, String mountinfo) {
    }

    State state() {
        return new State(read("/proc/sys/kernel/hostname"), read("/proc/sys/kernel/domainname"),
                read("/proc/1/mountinfo"));
    }

    private String read(String file) {
        ExecResult cat = exec(null, "cat", file);
        assertThat(cat.getExitCode()).as("cat %s: %s", file, cat.getStderr()).isZero();
        return cat.getStdout();
    }

    /** Java processes still in the container (zombies included: pgrep matches their name), one per line. */
    String javaProcesses() {
        return exec(null, "pgrep", "-a", "java").getStdout();
    }

    /**
     * Runs the samples in a fresh JVM in the container, with the console launcher of the given JUnit version, as
     * {@code user}, with the given configuration parameters and further launcher options: selectors (all the samples
     * where none is given) and filters such as {@code --include-engine}. Every test engine on the class path takes
     * part unless a filter leaves it out: Jupiter, and nsunit's (found through {@code ServiceLoader} in the extension
     * jar), which runs the isolated tests. The launcher's output and XML reports (one an engine) are kept under
     * {@code it/target/samples-reports/<scenario>/<run>}.
     */
    LauncherRun runSamples(String run, JUnit junit, String user, Map<String, String> config, String... options) {
        // One folder for each user: a folder that root's launcher made is not writable for another user's.
        String reportsInContainer = "/tmp/reports-" + (user == null ? "root" : user.replace(':', '.')) + "/" + run;
        List<String> command = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString(),
                "-cp", classPath(junit), "org.junit.platform.console.ConsoleLauncher", "execute",
                "--disable-banner", "--disable-ansi-colors", "--details=tree",
                "--reports-dir=" + reportsInContainer));
        command.addAll(List.of(options));
        if (Stream.of(options).noneMatch(option -> option.startsWith("--select"))) {
            command.add("--select-package=dev.nsunit.samples");
        }
        config.forEach((key, value) -> command.add("--config=" + key + "=" + value));

        ExecResult result = exec(user, command.toArray(String[]::new));

        Path reports = REPORTS_DIR.resolve(scenario).resolve(run);
        String output = "$ " + String.join(" ", command) + "\n(user " + (user == null ? "root" : user)
                + ", container flags " + flags + ", exit code " + result.getExitCode() + ")\n"
                + result.getStdout() + result.getStderr();
        try {
            Files.createDirectories(reports);
            try (Stream<Path> old = Files.list(reports)) {
                for (Path xml : old.filter(SampleContainer::isXmlReport).toList()) {
                    Files.delete(xml);
                }
            }
            Files.writeString(reports.resolve("console.txt"), output);
            ExecResult listing = exec(null, "ls", "-1", reportsInContainer);
            List<String> names = listing.getExitCode() != 0 ? List.of()
                    : listing.getStdout().lines().filter(name -> isXmlReport(Path.of(name))).toList();
            if (names.isEmpty()) {
                throw new AssertionError("The console launcher wrote no XML report. Its output:\n" + output);
            }
            List<Path> xmls = new ArrayList<>();
            for (String name : names) {
                Path xml = reports.resolve(name);
                container.copyFileFromContainer(reportsInContainer + "/" + name, xml.toString());
                xmls.add(xml);
            }
            return LauncherRun.parse(reports, result.getExitCode(), output, xmls);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LauncherRun runSamples(String run, JUnit junit, String user, String... options) {
        return runSamples(run, junit, user, Map.of(), options);
    }

    /** A legacy XML report of the console launcher: {@code TEST-<engine id>.xml}. */
    private static boolean isXmlReport(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("TEST-") && name.endsWith(".xml");
    }

    /**
     * The console launcher of the given version (it holds that version's Platform and Jupiter), then the samples
     * test jar, the extension and their dependencies, as Maven gathered them in {@code it/target}. The extension
     * gives its children the parent's {@code java.class.path}, so everything is on the real class path (not
     * the launcher's {@code --class-path}).
     */
    private static String classPath(JUnit junit) {
        List<String> entries = new ArrayList<>(jarsIn(CLASSPATH_DIR.resolve(junit.folder)));
        entries.addAll(jarsIn(CLASSPATH_DIR.resolve("common")));
        return String.join(":", entries);
    }

    /** The jars Maven gathered in one folder of the class-path directory, by name. */
    static List<String> jarsIn(Path folder) {
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.map(Path::toString).filter(name -> name.endsWith(".jar")).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Run the build up to pre-integration-test first: " + e, e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run it/ with Maven "
                    + "(mvn verify), whose Failsafe configuration sets it");
        }
        return value;
    }

    @Override
    public void close() {
        container.stop();
    }
}
