package dev.nsunit.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.PlainTests;

/**
 * Isolation without nsunit: each test of {@link PlainTests} run in a fresh {@code java} running the JUnit Platform
 * Launcher on that one test ({@link RunOne}), one after the other, or {@link #twoAtOnce}; or, {@link #wholeClass},
 * all of them in one fresh {@code java}. Timed from the first spawn to the last exit; its CPU time is that of the
 * JVMs, each reaped. Every JVM must exit 0, which it does only if its tests passed.
 */
final class FreshJvmCase implements Case {

    private final CaseInfo info;
    private final int jvms;
    /** How many JVMs run at the same time: each batch is started together and awaited before the next. */
    private final int atOnce;
    private final IntFunction<List<String>> commandOfJvm;

    /** @param command the command line that runs the test of a unique id */
    FreshJvmCase(CaseInfo info, Function<String, List<String>> command) {
        this(info, info.perRun(), 1, jvm -> command.apply(plainTest(jvm)));
    }

    private FreshJvmCase(CaseInfo info, int jvms, int atOnce, IntFunction<List<String>> commandOfJvm) {
        this.info = info;
        this.jvms = jvms;
        this.atOnce = atOnce;
        this.commandOfJvm = commandOfJvm;
    }

    /** One fresh JVM per run, whose command runs all of the run's tests. */
    static FreshJvmCase wholeClass(CaseInfo info, Supplier<List<String>> command) {
        return new FreshJvmCase(info, 1, 1, jvm -> command.get());
    }

    /**
     * A fresh JVM per test, two started at once, as nsunit's children started ahead start beside each other: two
     * JVMs sharing the machine's caches and memory each take more CPU than one alone (measured on the 2-core
     * development VM, JDK 25: 7% more).
     */
    static FreshJvmCase twoAtOnce(CaseInfo info, Function<String, List<String>> command) {
        return new FreshJvmCase(info, info.perRun(), 2, jvm -> command.apply(plainTest(jvm)));
    }

    /**
     * One fresh test JVM per run, as a Surefire fork is: this JVM's {@code java}, default flags and class path, the
     * Launcher on all of a fixture class. Its CPU time is its own and that of the children it reaped, nsunit's among
     * them: the test JVM's share of isolated tests when it has not run them before.
     */
    static FreshJvmCase testJvm(CaseInfo info, Class<?> fixture) {
        List<String> command = new ArrayList<>(naiveCommand(Fixtures.wholeClass(fixture)));
        command.add(String.valueOf(info.perRun()));
        return wholeClass(info, () -> command);
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
        for (int first = 1; first <= jvms; first += atOnce) {
            List<Process> batch = new ArrayList<>();
            for (int jvm = first; jvm < first + atOnce && jvm <= jvms; jvm++) {
                batch.add(new ProcessBuilder(commandOfJvm.apply(jvm)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectErrorStream(true).start());
            }
            for (int i = 0; i < batch.size(); i++) {
                int status = batch.get(i).waitFor();
                if (status != 0) {
                    throw new BenchmarkFailure(info.name() + ": the fresh java running "
                            + (jvms == 1 ? "its tests" : "repetition " + (first + i) + " of PlainTests")
                            + " exited with status " + status);
                }
            }
        }
        long nanos = System.nanoTime() - start;
        CpuTime.awaitChildrenReaped(info.name());
        return Timing.ofChildren(nanos, CpuTime.ofReapedChildren() - cpu);
    }
}
