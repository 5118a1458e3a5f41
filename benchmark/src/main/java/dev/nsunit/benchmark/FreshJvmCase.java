package dev.nsunit.benchmark;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.PlainTests;

/**
 * Isolation without nsunit: each test of {@link PlainTests} run in a fresh {@code java} running the JUnit Platform
 * Launcher on that one test ({@link RunOne}), one after the other. Timed from the first spawn to the last exit; its
 * CPU time is that of the JVMs, each reaped. Every JVM must exit 0, which it does only if its test passed.
 */
final class FreshJvmCase implements Case {

    private final CaseInfo info;
    private final Function<String, List<String>> command;

    /** @param command the command line that runs the test of a unique id */
    FreshJvmCase(CaseInfo info, Function<String, List<String>> command) {
        this.info = info;
        this.command = command;
    }

    /** The naive way: this JVM's {@code java}, default flags, this JVM's class path. */
    static FreshJvmCase naive(CaseInfo info) {
        return new FreshJvmCase(info, FreshJvmCase::naiveCommand);
    }

    /** The naive command for one test, for the report. */
    static List<String> naiveCommand(String uniqueId) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunOne.class.getName(), uniqueId);
    }

    /** The unique id of a repetition of {@link PlainTests}, counted from 1. */
    static String plainTest(int repetition) {
        return Fixtures.repetition(PlainTests.class, repetition);
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    @Override
    public Timing run() throws Exception {
        long cpu = CpuTime.ofReapedChildren();
        long start = System.nanoTime();
        for (int test = 1; test <= info.perRun(); test++) {
            Process process = new ProcessBuilder(command.apply(plainTest(test)))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            int status = process.waitFor();
            if (status != 0) {
                throw new BenchmarkFailure(info.name() + ": the fresh java running repetition " + test
                        + " of PlainTests exited with status " + status);
            }
        }
        long nanos = System.nanoTime() - start;
        CpuTime.awaitChildrenReaped(info.name());
        return Timing.ofChildren(nanos, CpuTime.ofReapedChildren() - cpu);
    }
}
