package dev.nsunit.benchmark;

import java.nio.file.Path;
import java.util.List;

import dev.nsunit.benchmark.fixtures.PlainTests;

/**
 * Isolation done naively: each test of {@link PlainTests} run in a fresh {@code java} (this JVM's, default flags,
 * this JVM's class path) running the JUnit Platform Launcher on that one test ({@link RunOne}). Timed from the
 * first spawn to the last exit; every JVM must exit 0, which it does only if its test passed.
 */
final class NaiveForkCase implements Case {

    private static final String TEMPLATE = "[engine:junit-jupiter]/[class:" + PlainTests.class.getName()
            + "]/[test-template:trivial(org.junit.jupiter.api.RepetitionInfo)]/[test-template-invocation:#";

    private final CaseInfo info;

    NaiveForkCase(CaseInfo info) {
        this.info = info;
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    /** The command for one test, for the report. */
    static List<String> command(String uniqueId) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunOne.class.getName(), uniqueId);
    }

    @Override
    public long runNanos() throws Exception {
        long start = System.nanoTime();
        for (int test = 1; test <= info.perRun(); test++) {
            Process process = new ProcessBuilder(command(TEMPLATE + test + "]"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            int status = process.waitFor();
            if (status != 0) {
                throw new BenchmarkFailure("A fresh java running repetition " + test + " of PlainTests exited with "
                        + "status " + status);
            }
        }
        return System.nanoTime() - start;
    }
}
