package dev.nsunit.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a fixture class through the JUnit Platform Launcher in this JVM, as a build tool or IDE would, and times
 * it from creating the launcher to the end of execution. Isolated tests then start their children from here.
 */
final class LauncherCase implements Case {

    private final CaseInfo info;
    private final Class<?> fixture;
    private final Map<String, String> configuration;
    private long firstTestNanos;

    LauncherCase(CaseInfo info, Class<?> fixture) {
        this(info, fixture, Map.of());
    }

    /** @param configuration configuration parameters for the launcher, as a build tool would pass them */
    LauncherCase(CaseInfo info, Class<?> fixture, Map<String, String> configuration) {
        this.info = info;
        this.fixture = fixture;
        this.configuration = Map.copyOf(configuration);
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    @Override
    public long runNanos() throws BenchmarkFailure {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .build();
        Tally tally = new Tally();
        long start = System.nanoTime();
        LauncherFactory.create().execute(request, tally);
        long nanos = System.nanoTime() - start;
        tally.check(fixture, info.perRun());
        firstTestNanos = tally.firstFinished - start;
        return nanos;
    }

    /** In the last run, the time from creating the launcher to the end of the first test. */
    long firstTestNanos() {
        return firstTestNanos;
    }

    /** Counts passed tests and notes everything else that happened, so a run that went wrong is never timed. */
    private static final class Tally implements TestExecutionListener {

        private int succeeded;
        private long firstFinished;
        private final List<String> problems = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            problems.add(identifier.getDisplayName() + " was skipped: " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (identifier.isTest() && firstFinished == 0) {
                firstFinished = System.nanoTime();
            }
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                if (identifier.isTest()) {
                    succeeded++;
                }
                return;
            }
            problems.add(identifier.getDisplayName() + " " + result.getStatus()
                    + result.getThrowable().map(thrown -> ": " + thrown).orElse(""));
        }

        void check(Class<?> fixture, int expected) throws BenchmarkFailure {
            if (succeeded == expected && problems.isEmpty()) {
                return;
            }
            StringBuilder message = new StringBuilder(fixture.getSimpleName()).append(": ").append(succeeded)
                    .append(" of ").append(expected).append(" tests passed, so its time means nothing.");
            problems.stream().limit(5).forEach(problem -> message.append("\n  ").append(problem));
            if (problems.size() > 5) {
                message.append("\n  ... and ").append(problems.size() - 5).append(" more");
            }
            throw new BenchmarkFailure(message.toString());
        }
    }
}
