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

    RunOutcome(String uniqueId, Duration timeout, ClassLoader loader) {
        this.uniqueId = uniqueId;
        this.timeout = timeout;
        this.loader = loader;
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
            throw new IllegalStateException("The child JVM did not run the test: selecting " + uniqueId
                    + " there found nothing to run");
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
