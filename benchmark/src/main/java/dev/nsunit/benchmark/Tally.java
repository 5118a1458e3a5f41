package dev.nsunit.benchmark;

import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Counts passed tests and notes everything else that happened in a launcher run, so that a run that went wrong is
 * never timed.
 */
final class Tally implements TestExecutionListener {

    private int succeeded;
    private long firstFinishedNanos;
    private final List<String> problems = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        problems.add(identifier.getDisplayName() + " was skipped: " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (identifier.isTest() && firstFinishedNanos == 0) {
            firstFinishedNanos = System.nanoTime();
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

    /** {@link System#nanoTime()} when the first test finished. */
    long firstFinishedNanos() {
        return firstFinishedNanos;
    }

    /** @throws BenchmarkFailure unless exactly {@code expected} tests passed and nothing else went wrong */
    void check(String fixture, int expected) throws BenchmarkFailure {
        if (succeeded == expected && problems.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(fixture).append(": ").append(succeeded)
                .append(" of ").append(expected).append(" tests passed, so its time means nothing.");
        problems.stream().limit(5).forEach(problem -> message.append("\n  ").append(problem));
        if (problems.size() > 5) {
            message.append("\n  ... and ").append(problems.size() - 5).append(" more");
        }
        throw new BenchmarkFailure(message.toString());
    }
}
