package dev.nsunit.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What isolation costs users today: Maven Surefire with {@code forkCount=1, reuseForks=false}, a fresh JVM per test
 * class. Two generated Maven projects differ only in their number of test classes, each holding one trivial test:
 * {@code 1} and {@code 1 + perRun}. Both are compiled once, beforehand; a run times {@code mvn -o -q surefire:test}
 * on each, and its time is the difference. So Maven's own start and Surefire's fixed work cancel out, and what is
 * left is what {@code perRun} more forked test classes cost: their forks, and their one test each. The CPU time is
 * the same difference, of Maven's process tree: Maven reaps its forks, and this JVM reaps Maven.
 *
 * <p>The projects use the JDK of this JVM, and the JUnit, Surefire, compiler and resources plugin versions of this
 * build, so that Maven finds everything in the local repository, offline.
 */
final class SurefireCase implements Case, AutoCloseable {

    static final String MAVEN = "nsunit.benchmark.maven";
    static final String JUNIT_VERSION = "nsunit.benchmark.junit.version";
    static final String SUREFIRE_VERSION = "nsunit.benchmark.surefire.version";

    private final CaseInfo info;
    private final Path root;
    private final Path one;
    private final Path many;
    private final String maven;

    SurefireCase(CaseInfo info, Path root) throws IOException, InterruptedException, BenchmarkFailure {
        this.info = info;
        this.root = root;
        this.maven = required(MAVEN);
        Directories.deleteTree(root);
        this.one = project(root.resolve("one-class"), 1);
        this.many = project(root.resolve("more-classes"), 1 + info.perRun());
        mvn(one, "test-compile");
        mvn(many, "test-compile");
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    /** The command of a timed run, for the report. */
    String command() {
        return "mvn -o -q -B surefire:test (forkCount=1, reuseForks=false), in a project of 1 and one of "
                + (1 + info.perRun()) + " test classes of one trivial test each";
    }

    @Override
    public Timing run() throws Exception {
        Timing oneClass = timed(one, 1);
        Timing moreClasses = timed(many, 1 + info.perRun());
        return moreClasses.minus(oneClass);
    }

    private Timing timed(Path project, int classes) throws Exception {
        long cpu = CpuTime.ofReapedChildren();
        long start = System.nanoTime();
        mvn(project, "surefire:test");
        long nanos = System.nanoTime() - start;
        CpuTime.awaitChildrenReaped(info.name());
        cpu = CpuTime.ofReapedChildren() - cpu;
        Path reports = project.resolve("target/surefire-reports");
        long passed;
        try (Stream<Path> files = Files.list(reports)) {
            passed = files.filter(file -> file.getFileName().toString().endsWith(".txt"))
                    .filter(file -> read(file).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"))
                    .count();
        }
        if (passed != classes) {
            throw new BenchmarkFailure("Surefire in " + project + " reported " + passed + " of " + classes
                    + " test classes passed");
        }
        return Timing.ofChildren(nanos, cpu);
    }

    private void mvn(Path project, String goal) throws IOException, InterruptedException, BenchmarkFailure {
        ProcessBuilder builder = new ProcessBuilder(maven, "-o", "-q", "-B", goal).directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new BenchmarkFailure("mvn " + goal + " failed in " + project + ":\n" + output);
        }
    }

    private static Path project(Path directory, int classes) throws IOException {
        Path tests = Files.createDirectories(directory.resolve("src/test/java/bench"));
        Files.writeString(directory.resolve("pom.xml"), pom(directory.getFileName().toString()));
        for (int i = 1; i <= classes; i++) {
            Files.writeString(tests.resolve("Trivial" + i + "Test.java"), "package bench;\n\n"
                    + "import static org.junit.jupiter.api.Assertions.assertTrue;\n\n"
                    + "import org.junit.jupiter.api.Test;\n\n"
                    + "class Trivial" + i + "Test {\n"
                    + "    @Test\n"
                    + "    void trivial() {\n"
                    + "        assertTrue(" + i + " > 0);\n"
                    + "    }\n"
                    + "}\n");
        }
        return directory;
    }

    private static String pom(String artifact) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.nsunit.benchmark.generated</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.5.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <forkCount>1</forkCount>
                          <reuseForks>false</reuseForks>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(artifact, required(JUNIT_VERSION), required(SUREFIRE_VERSION));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run the benchmark "
                    + "through Maven as its README says");
        }
        return value;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        Directories.deleteTree(root);
    }
}
