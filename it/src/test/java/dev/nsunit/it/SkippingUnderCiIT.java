package dev.nsunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Under {@code CI=true} nothing proves itself by skipping: the build's own Maven configuration (the parent pom's
 * {@code ci} profile) makes a sample that cannot be isolated fail, where a developer's build without {@code CI}
 * skips it with the reason. Runs Maven on a copy of the project (the extension's sources and the samples), so that
 * this build's reports stay its own, as user nobody when this build runs as root (as root without
 * {@code CAP_SYS_ADMIN} nsunit still isolates, in a user namespace of the child's own), with a local repository
 * that nobody can read: this build's, hard-linked (nobody cannot write the files it shares with this build's).
 */
class SkippingUnderCiIT {

    private static final Path ROOT = Path.of(System.getProperty("nsunit.it.root", ".."));
    private static final String MAVEN = System.getProperty("nsunit.it.maven", "mvn");
    private static final Path LOCAL_REPOSITORY = Path.of(System.getProperty("nsunit.it.localRepository",
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));
    private static final List<String> AS_NOBODY = ROOT_USER
            ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")
            : List.of();
    private static final String SAMPLE = "dev.nsunit.samples.HostnameSampleTest";
    private static final String REASON = "nsunit cannot create UTS namespaces here";

    @TempDir
    static Path work;

    @BeforeAll
    static void copyTheProjectAndLinkTheRepository() throws Exception {
        Path project = work.resolve("project");
        for (String file : List.of("pom.xml", "extension/pom.xml", "samples/pom.xml", "docs/pom.xml",
                "benchmark/pom.xml", "it/pom.xml")) {
            copy(ROOT.resolve(file), project.resolve(file));
        }
        copyTree(ROOT.resolve("extension/src/main"), project.resolve("extension/src/main"));
        copyTree(ROOT.resolve("samples/src/test"), project.resolve("samples/src/test"));
        // Hard links cost no copy; where the repository is on another file system, a copy it is.
        if (run(List.of("cp", "-al", LOCAL_REPOSITORY.toString(), repository().toString())) != 0) {
            run(List.of("cp", "-a", LOCAL_REPOSITORY.toString(), repository().toString()));
        }
        if (ROOT_USER) {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            // The directories are this copy's own (only files are linked): open them, and never a shared file.
            assertThat(run(List.of("find", repository().toString(), "-type", "d", "-exec", "chmod", "a+rx", "{}",
                    "+"))).as("chmod").isZero();
            assertThat(run(List.of("chown", "-R", "65534:65534", project.toString()))).as("chown").isZero();
        }
        // Maven's user needs a home it may write: nsunit keeps its cache there, and would otherwise make one under
        // java.io.tmpdir for that user (root's home is closed to nobody), which would outlive the build.
        Files.createDirectories(home());
        if (ROOT_USER) {
            assertThat(run(List.of("chown", "65534:65534", home().toString()))).as("chown").isZero();
        }
    }

    private static Path home() {
        return work.resolve("home");
    }

    @Test
    void underCiASampleThatCannotBeIsolatedFailsTheBuild() throws Exception {
        MavenRun run = runSample(true);

        assertThat(run.status()).as("Maven's exit status; its output:\n%s", run.output()).isNotZero();
        assertThat(outcomes()).as("the outcomes in the sample's report").isNotEmpty()
                .allSatisfy((test, outcome) -> assertThat(outcome)
                        .startsWith("failure: java.lang.IllegalStateException: " + REASON)
                        .endsWith("(nsunit.unsupported = fail)"));
    }

    @Test
    void withoutCiTheSameSampleIsSkippedWithTheReason() throws Exception {
        MavenRun run = runSample(false);

        assertThat(run.status()).as("Maven's exit status; its output:\n%s", run.output()).isZero();
        assertThat(outcomes()).as("the outcomes in the sample's report").isNotEmpty()
                .allSatisfy((test, outcome) -> assertThat(outcome).startsWith("skipped: ").contains(REASON));
    }

    /** {@code mvn test} for the one sample, with the extension built from source, CI set to true or not at all. */
    private static MavenRun runSample(boolean ci) throws Exception {
        List<String> command = new ArrayList<>(AS_NOBODY);
        command.addAll(List.of(MAVEN, "-o", "-B", "-ntp", "-q", "-Dmaven.repo.local=" + repository(),
                "-f", work.resolve("project/pom.xml").toString(), "-pl", "samples", "-am", "test",
                "-Dnsunit.skipSpecs", "-Dtest=" + SAMPLE));
        Path log = work.resolve(ci ? "maven-ci.log" : "maven.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CI");
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().put("HOME", home().toString());
        // Maven's JVM, its test JVM and their children, run as nobody, would leave /tmp/hsperfdata_nobody behind.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:-UsePerfData");
        if (ci) {
            builder.environment().put("CI", "true");
        }
        Process maven = builder.start();
        if (!maven.waitFor(10, TimeUnit.MINUTES)) {
            maven.destroyForcibly().waitFor();
            throw new IllegalStateException("Maven did not finish within 10 minutes: " + command);
        }
        return new MavenRun(maven.exitValue(), Files.readString(log));
    }

    /** Each test of the sample's Surefire report: "passed", "failure: type: message" or "skipped: reason". */
    private static Map<String, String> outcomes() throws Exception {
        Path report = work.resolve("project/samples/target/surefire-reports/TEST-" + SAMPLE + ".xml");
        NodeList testcases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getElementsByTagName("testcase");
        Map<String, String> outcomes = new TreeMap<>();
        for (int i = 0; i < testcases.getLength(); i++) {
            Element testcase = (Element) testcases.item(i);
            String outcome = "passed";
            for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    switch (element.getTagName()) {
                        case "failure", "error" -> outcome = "failure: " + element.getAttribute("type") + ": "
                                + element.getAttribute("message");
                        // Surefire writes an aborted test's reason in the element's text, not as its message.
                        case "skipped" -> outcome = "skipped: " + element.getAttribute("message")
                                + element.getTextContent().strip();
                        default -> { }
                    }
                }
            }
            outcomes.put(testcase.getAttribute("name"), outcome);
        }
        return outcomes;
    }

    private static Path repository() {
        return work.resolve("repository");
    }

    private static int run(List<String> command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    /** How one Maven run ended, and everything it printed. */
    private record MavenRun(int status, String output) {
    }
}
