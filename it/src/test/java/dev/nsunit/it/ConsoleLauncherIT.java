package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.setup.EnvironmentProbe;

/**
 * What can be proven here of the user guide's Gradle configuration (there is no Gradle on this machine): the test
 * JVM Gradle starts is a JVM with the test runtime class path (JUnit's launcher included) on its own class path,
 * running the JUnit Platform Launcher; so is the console launcher, run here in a fresh JVM on the host, on JUnit 5
 * and 6. An isolated test runs isolated there, and nsunit reads its parameters from each place Gradle can put them:
 * a system property of the test JVM ({@code systemProperty} in Gradle), {@code junit-platform.properties} on the
 * class path ({@code src/test/resources}), and the launcher's own parameters ({@code --config}).
 */
class ConsoleLauncherIT {

    private static final Path CLASSPATH_DIR = Path.of(System.getProperty("nsunit.it.classpath.dir",
            "target/samples-classpath"));
    private static final String TEST_CLASSES = System.getProperty("nsunit.it.testClasses", "target/test-classes");
    /** The folder of the console launcher of JUnit 5.12, which the samples are not run on. */
    private static final String JUNIT_5_12 = "junit5-12";
    /** The launcher's summary line, however it pads the number. */
    private static final String SUCCESSFUL = "\\[\\s*1 tests successful\\s*\\]";

    @TempDir
    Path work;

    @BeforeEach
    void onlyWhereTheTestCanBeIsolated() {
        Optional<String> unavailable = EnvironmentProbe.unavailable(EnumSet.of(NamespaceType.UTS));
        if (unavailable.isPresent() && "true".equals(System.getenv("CI"))) {
            fail("CI=true, so the console launcher's isolated run must be proven, but " + unavailable.get());
        }
        unavailable.ifPresent(reason -> Assumptions.abort("the launched test could not be isolated: " + reason));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(JUnit.class)
    void aSystemPropertyOfTheTestJvmReachesNsunit(JUnit junit) throws Exception {
        String output = launch(junit.folder, List.of("-Dnsunit.child.jvmArgs=-Dnsunit.it.greeting=system-property"),
                List.of(), List.of());

        assertThat(output).containsPattern(SUCCESSFUL).contains("GREETING=system-property");
    }

    /**
     * Spring Boot 3.5 manages JUnit 5.12, whose Platform lacks what 5.13 added (the launcher session's store,
     * discovery issues), which nsunit uses where it is there.
     */
    @Test
    void anIsolatedTestRunsIsolatedOnTheJUnit512ThatSpringBoot35Manages() throws Exception {
        String output = launch(JUNIT_5_12, List.of("-Dnsunit.child.jvmArgs=-Dnsunit.it.greeting=junit-5.12"),
                List.of(), List.of());

        assertThat(output).containsPattern(SUCCESSFUL).contains("GREETING=junit-5.12");
    }

    /**
     * Spring Boot 3.4 and 3.3 manage JUnit 5.11 and 5.10, whose Jupiter lacks the two types of 5.12 that nsunit's
     * guard implements: their children get them from nsunit (JupiterApiStubs), where every isolated test failed.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "junit5-11", "junit5-10" })
    void anIsolatedTestRunsIsolatedOnTheJUnit511And510ThatSpringBoot34And33Manage(String junitFolder)
            throws Exception {
        String output = launch(junitFolder, List.of("-Dnsunit.child.jvmArgs=-Dnsunit.it.greeting=" + junitFolder),
                List.of(), List.of());

        assertThat(output).containsPattern(SUCCESSFUL).contains("GREETING=" + junitFolder);
    }

    @Test
    void junitPlatformPropertiesOnTheClassPathReachNsunit() throws Exception {
        Path resources = Files.createDirectories(work.resolve("resources"));
        Files.writeString(resources.resolve("junit-platform.properties"),
                "nsunit.child.jvmArgs = -Dnsunit.it.greeting=properties-file\n");

        String output = launch(JUnit.SIX.folder, List.of(), List.of(resources.toString()), List.of());

        assertThat(output).containsPattern(SUCCESSFUL).contains("GREETING=properties-file");
    }

    @Test
    void aParameterGivenToTheLauncherReachesNsunit() throws Exception {
        String output = launch(JUnit.SIX.folder, List.of(), List.of(),
                List.of("--config=nsunit.child.jvmArgs=-Dnsunit.it.greeting=launcher"));

        assertThat(output).containsPattern(SUCCESSFUL).contains("GREETING=launcher");
    }

    /**
     * JUnit 6 cancels a run with a token, which the console launcher's {@code --fail-fast} (and Surefire's
     * {@code skipAfterFailureCount}) cancels once a test failed: what has not begun is skipped, isolated as in place,
     * whether it waits for a child of its own or runs in the child of the test that failed.
     */
    @Test
    void onJUnit6FailFastSkipsTheIsolatedTestsAfterTheFirstFailureInTheirChildrenOrBeforeThem() throws Exception {
        String output = launch(JUnit.SIX.folder, List.of(), List.of(), List.of("--fail-fast"), 1,
                FailingFirst.InOneChild.class);
        assertThat(output).contains("a() [X] the first test fails", "b() [S] Execution cancelled",
                "c() [S] Execution cancelled").doesNotContain("RAN b");

        output = launch(JUnit.SIX.folder, List.of(), List.of(), List.of("--fail-fast"), 1, FailingFirst.class);
        assertThat(output).contains("a() [X] the first test fails", "b() [S] Execution cancelled",
                "c() [S] Execution cancelled").doesNotContain("RAN b");
    }

    /**
     * Runs {@link IsolatedWithParameters} with the console launcher in the given folder in a fresh JVM, and
     * returns its output, after checking that the host's hostname is as before.
     */
    private String launch(String junitFolder, List<String> jvmOptions, List<String> moreClassPath,
            List<String> options) throws Exception {
        return launch(junitFolder, jvmOptions, moreClassPath, options, 0, IsolatedWithParameters.class);
    }

    /**
     * Runs the test class with the console launcher in the given folder in a fresh JVM, and returns its output (a
     * tree of the tests, without colours), after checking its exit code and that the host's hostname is as before.
     */
    private String launch(String junitFolder, List<String> jvmOptions, List<String> moreClassPath,
            List<String> options, int exitCode, Class<?> testClass) throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(junitFolder, moreClassPath),
                "org.junit.platform.console.ConsoleLauncher",
                "execute", "--disable-banner", "--disable-ansi-colors", "--details=tree", "--details-theme=ascii",
                "--select-class=" + testClass.getName()));
        command.addAll(options);
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!launcher.waitFor(5, TimeUnit.MINUTES)) {
            launcher.destroyForcibly().waitFor();
            throw new IllegalStateException("The console launcher did not finish within 5 minutes: " + command);
        }
        assertThat(launcher.exitValue()).as("the console launcher's exit code; its output:\n%s", output)
                .isEqualTo(exitCode);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname"))).as("the host's hostname")
                .isEqualTo(hostname);
        return output;
    }

    /** The console launcher, the test classes, then nsunit and its dependencies, as Maven gathered them. */
    private static String classPath(String junitFolder, List<String> more) {
        List<String> entries = new ArrayList<>(SampleContainer.jarsIn(CLASSPATH_DIR.resolve(junitFolder)));
        entries.add(TEST_CLASSES);
        entries.addAll(more);
        entries.addAll(SampleContainer.jarsIn(CLASSPATH_DIR.resolve("common")));
        return String.join(":", entries);
    }
}
