package dev.nsunit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.opentest4j.TestAbortedException;

import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * What happened to one isolated test in its child, turned back into what the parent's test does: return
 * normally, or throw the child's throwable, so JUnit reports pass, fail or abort exactly as the child saw it.
 *
 * <p>In the child the test runs inside its class's container, whose lifecycle ({@code @BeforeAll},
 * {@code @AfterAll}, class-level extensions) belongs to this test alone. So a container failure in the child is
 * this test's failure: the reason the test did not run, or, if the test passed, why it still failed.
 */
final class RunOutcome {

    private final String uniqueId;
    private final Duration timeout;
    private final ClassLoader loader;
    private Message.NodeFinished test;
    private Message.NodeSkipped skipped;
    private final List<Message.NodeFinished> containerFailures = new ArrayList<>();
    private Throwable failure;
    private String notRun;

    RunOutcome(String uniqueId, Duration timeout, ClassLoader loader) {
        this.uniqueId = uniqueId;
        this.timeout = timeout;
        this.loader = loader;
        this.notRun = "The child JVM did not run the test: selecting " + uniqueId + " there found nothing to run";
    }

    /**
     * What this outcome of a shared child's test means for a later test of the class, which the child can no
     * longer run: the same failure, or the same container failure or skip.
     */
    RunOutcome forLaterTest(String laterUniqueId, String className) {
        RunOutcome later = new RunOutcome(laterUniqueId, timeout, loader);
        later.containerFailures.addAll(containerFailures);
        later.skipped = skipped;
        if (failure != null) {
            later.failure = new IllegalStateException("The child JVM of @IsolatedPerClass " + className
                    + " ended before this test; for an earlier test: " + failure.getMessage(), failure);
        }
        later.notRun = notRunInClass(className);
        return later;
    }

    /** For a shared child's test that the child's run of the class ended without. */
    void notReachedInClass(String className) {
        notRun = notRunInClass(className);
    }

    private String notRunInClass(String className) {
        return "The child JVM of @IsolatedPerClass " + className + " finished the class without running "
                + uniqueId + ": it runs the class's tests in the class's order, and the parent ran them in another "
                + "(concurrent methods, or a random order without a fixed seed? Set "
                + "junit.jupiter.execution.order.random.seed to have both JVMs order them alike)";
    }

    void finished(Message.NodeFinished node) {
        if (node.uniqueId().equals(uniqueId)) {
            test = node;
        }
        else if (uniqueId.startsWith(node.uniqueId() + "/") && node.status() != Message.Status.SUCCESSFUL) {
            containerFailures.add(node);
        }
    }

    void skipped(Message.NodeSkipped node) {
        if (node.uniqueId().equals(uniqueId) || uniqueId.startsWith(node.uniqueId() + "/")) {
            skipped = node;
        }
    }

    void prepareFailed(ThrowableData cause) {
        fail(new IllegalStateException("The child JVM could not set up its namespaces, so the test did not run: "
                + cause.message(), cause.toThrowable(loader)));
    }

    void runFinished(Message.RunFinished finished) {
        if (finished.launcherFailure() != null) {
            Throwable cause = finished.launcherFailure().toThrowable(loader);
            fail(new IllegalStateException("The JUnit launcher failed in the child JVM: " + cause, cause));
        }
    }

    void timedOut(long pid) {
        fail(new TimeoutException("The isolated test ran longer than nsunit.timeout = "
                + IsolationConfig.format(timeout) + "; its child JVM (pid " + pid + ") and every process it "
                + "started were killed"));
    }

    void childDied(long pid, WaitStatus status, ChildProcess child) {
        StringBuilder message = new StringBuilder("The child JVM (pid ").append(pid).append(") ended with ")
                .append(status == null ? "an unknown status" : status.describe())
                .append(" before reporting a result for the test.");
        List<String> tail = child.stderrLastWords();
        if (tail.isEmpty()) {
            message.append(" It wrote nothing to standard error.");
        }
        else {
            message.append(" From its standard error:");
            for (String line : tail) {
                message.append("\n    ").append(line);
            }
        }
        fail(new IllegalStateException(message.toString()));
    }

    private void fail(Throwable throwable) {
        if (failure == null) {
            failure = throwable;
        }
        else {
            failure.addSuppressed(throwable);
        }
    }

    /**
     * Ends a container of the parent the way its own lifecycle ended in the child: this outcome's node is the
     * container itself. Returns if it succeeded or was never reported.
     */
    void replayContainer() throws Throwable {
        if (failure != null) {
            throw failure;
        }
        if (test != null && test.status() != Message.Status.SUCCESSFUL) {
            throw test.throwable() == null
                    ? new IllegalStateException("The container " + uniqueId + " ended " + test.status()
                            + " in the child JVM")
                    : test.throwable().toThrowable(loader);
        }
    }

    /** Ends the parent's test the way it ended in the child. */
    void replay() throws Throwable {
        if (failure != null) {
            throw failure;
        }
        Throwable containerFailure = null;
        for (Message.NodeFinished container : containerFailures) {
            Throwable each = container.throwable() == null
                    ? new IllegalStateException("The container " + container.uniqueId() + " ended "
                            + container.status() + " in the child JVM")
                    : container.throwable().toThrowable(loader);
            if (containerFailure == null) {
                containerFailure = each;
            }
            else {
                containerFailure.addSuppressed(each);
            }
        }
        if (test == null) {
            if (containerFailure != null) {
                throw containerFailure;
            }
            if (skipped != null) {
                throw new TestAbortedException("Skipped in the child JVM: " + skipped.reason());
            }
            throw new IllegalStateException(notRun);
        }
        if (test.status() == Message.Status.SUCCESSFUL) {
            if (containerFailure != null) {
                throw containerFailure;
            }
            return;
        }
        Throwable thrown = test.throwable() == null
                ? new IllegalStateException("The test ended " + test.status() + " in the child JVM")
                : test.throwable().toThrowable(loader);
        if (containerFailure != null) {
            thrown.addSuppressed(containerFailure);
        }
        throw thrown;
    }
}
