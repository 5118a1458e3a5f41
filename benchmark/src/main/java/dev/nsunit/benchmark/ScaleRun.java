package dev.nsunit.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.ScaleTests;

/**
 * Whether the test JVM stays flat over a long run, keeping nothing per child: one run of many isolated trivial
 * tests ({@link ScaleTests}), not timed, sampling this JVM after test {@value #EARLY} and after the last: its live
 * heap (used heap right after a full collection), its threads and its open file descriptors. Each may grow by
 * at most 10%; only growth counts, since what falls was not kept.
 */
final class ScaleRun {

    static final String SCALE = "nsunit.benchmark.scale";
    static final int EARLY = 50;
    private static final double GROWTH_ALLOWED = 0.10;

    /** This JVM at one moment. */
    record Sample(long heapBytes, long threads, long fds) {

        static Sample now() throws IOException {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Sample(heap, count(Path.of("/proc/self/task")), count(Path.of("/proc/self/fd")));
        }

        private static long count(Path directory) throws IOException {
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.count();
            }
        }
    }

    private final int tests;

    private ScaleRun(int tests) {
        this.tests = tests;
    }

    /**
     * @param value {@code nsunit.benchmark.scale}: 0 to skip the run, else how many of {@link ScaleTests}' tests
     *              to run, more than {@value #EARLY} and at most {@value Fixtures#SCALE}
     */
    static ScaleRun of(String value) throws BenchmarkFailure {
        try {
            int tests = Integer.parseInt(value.trim());
            if (tests == 0 || tests > EARLY && tests <= Fixtures.SCALE) {
                return new ScaleRun(tests);
            }
        }
        catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new BenchmarkFailure(SCALE + " = \"" + value + "\"; it must be 0 (skip the scale run, the default) or"
                + " a number of tests from " + (EARLY + 1) + " to " + Fixtures.SCALE + " (the issue's goal is for "
                + Fixtures.SCALE + ")");
    }

    boolean skipped() {
        return tests == 0;
    }

    /** Runs the tests, checks they all passed, and returns the report's section. */
    String run() throws Exception {
        if (skipped()) {
            return "### Scale\n\nNot run: `-D" + SCALE + "=" + Fixtures.SCALE + "` runs " + Fixtures.SCALE
                    + " isolated tests once after the rounds (about 8 minutes) and reports whether the test JVM's "
                    + "live heap, threads and open file descriptors stay flat.\n\n";
        }
        List<DiscoverySelector> selectors = tests == Fixtures.SCALE ? List.of(selectClass(ScaleTests.class))
                : IntStream.rangeClosed(1, tests).mapToObj(n -> Fixtures.repetition(ScaleTests.class, n))
                        .map(id -> (DiscoverySelector) selectUniqueId(id)).toList();
        Tally tally = new Tally();
        Sampler sampler = new Sampler(tests);
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                tally, sampler);
        CpuTime.awaitChildrenReaped(ScaleTests.class.getSimpleName());
        tally.check(ScaleTests.class.getSimpleName(), tests);
        if (sampler.early == null || sampler.lastSample == null) {
            throw new BenchmarkFailure("The scale run sampled nothing after test " + EARLY + " or " + tests);
        }
        return markdown(sampler.early, sampler.lastSample);
    }

    private String markdown(Sample early, Sample last) {
        StringBuilder out = new StringBuilder("### Scale: " + tests + " isolated tests\n\n");
        out.append(String.format(Locale.ROOT, "One run of `ScaleTests` (`@IsolatedUts`, %d trivial tests), not timed;"
                + " this JVM sampled after test %d and after test %d. Target: each grows by at most %.0f%%.%n%n",
                tests, EARLY, tests, GROWTH_ALLOWED * 100));
        out.append("| in the test JVM | after test ").append(EARLY).append(" | after test ").append(tests)
                .append(" | change | met |\n|---|--:|--:|--:|:-:|\n");
        row(out, "live heap after a full GC, MiB", early.heapBytes() / 1048576.0, last.heapBytes() / 1048576.0);
        row(out, "threads (`/proc/self/task`)", early.threads(), last.threads());
        row(out, "open file descriptors (`/proc/self/fd`)", early.fds(), last.fds());
        return out.append('\n').toString();
    }

    private static void row(StringBuilder out, String what, double early, double last) {
        double change = (last - early) / early;
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %+.1f%% | %s |%n", what, number(early),
                number(last), change * 100, change <= GROWTH_ALLOWED ? "yes" : "**no**"));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Samples this JVM when test {@value #EARLY} and the last test have finished, on the thread reporting them. */
    private static final class Sampler implements TestExecutionListener {

        private final int last;
        private int finished;
        private Sample early;
        private Sample lastSample;

        Sampler(int last) {
            this.last = last;
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (!identifier.isTest()) {
                return;
            }
            finished++;
            try {
                if (finished == EARLY) {
                    early = Sample.now();
                }
                if (finished == last) {
                    lastSample = Sample.now();
                }
            }
            catch (IOException unreadable) {
                throw new IllegalStateException("cannot read /proc/self", unreadable);
            }
        }
    }
}
