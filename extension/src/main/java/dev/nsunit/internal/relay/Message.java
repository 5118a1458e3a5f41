package dev.nsunit.internal.relay;

import java.io.Serializable;
import java.util.Map;

import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;

/**
 * Everything parent and child say to each other over the relay pipes. The conversation is: parent sends
 * {@link Prepare} (after {@link WarmUp}, for a child started ahead of its test); child answers {@link Ready} (or {@link PrepareFailed}); then any number of
 * {@link RunTest} requests, each answered by events tagged with its run id and closed by {@link RunFinished};
 * finally {@link Shutdown} (or end of file, which the child treats as its parent's death).
 */
public sealed interface Message extends Serializable {

    /**
     * Parent to child, first, to a child started before there is a test for it: load and initialise what running a
     * test needs while waiting for {@link Prepare}, or for {@link Shutdown} if no test comes.
     */
    record WarmUp() implements Message {
    }

    /** Parent to child, first (or after {@link WarmUp}): set up the namespaces and the JVM before any test code runs. */
    record Prepare(NamespaceSetup setup, NamespaceInodes parentNamespaces, Map<String, String> systemProperties,
            String outputFence) implements Message {

        public Prepare {
            systemProperties = Map.copyOf(systemProperties);
        }
    }

    /** Parent to child: run the test (or template invocation) with this unique id, its whole lifecycle. */
    record RunTest(long runId, String uniqueId, Map<String, String> configurationParameters) implements Message {

        public RunTest {
            configurationParameters = Map.copyOf(configurationParameters);
        }
    }

    /**
     * Parent to child: run the class with this unique id, its whole lifecycle, in one launcher execution; each of
     * its tests waits for a {@link Proceed} naming it, and is skipped if the parent names another. {@link Shutdown}
     * skips the tests left and finishes the class. Answered like {@link RunTest}, and after each test the parent
     * asked for (finished or skipped) the child fences its output.
     */
    record RunClass(long runId, String uniqueId, Map<String, String> configurationParameters) implements Message {

        public RunClass {
            configurationParameters = Map.copyOf(configurationParameters);
        }
    }

    /** Parent to child, during {@link RunClass}: run the test with this unique id when the class reaches it. */
    record Proceed(String uniqueId) implements Message {
    }

    /** Parent to child: no more tests; clean up and exit. */
    record Shutdown() implements Message {
    }

    /** Child to parent: namespaces proven and set up, ready for {@link RunTest}. */
    record Ready(long pid) implements Message {
    }

    /** Child to parent: the namespaces could not be proven or set up; nothing was changed after the failure. */
    record PrepareFailed(ThrowableData failure) implements Message {
    }

    /** Child to parent: a report entry was published for a node of the run. */
    record ReportEntry(long runId, String uniqueId, Map<String, String> entries) implements Message {

        public ReportEntry {
            entries = Map.copyOf(entries);
        }
    }

    /** Child to parent: a node of the run was skipped (for example disabled by a condition in the child). */
    record NodeSkipped(long runId, String uniqueId, String reason) implements Message {
    }

    /** Child to parent: a node of the run (a test or one of its containers) finished. */
    record NodeFinished(long runId, String uniqueId, Status status, ThrowableData throwable) implements Message {
    }

    /** Child to parent: the run is over; {@code launcherFailure} is set if the launcher itself broke. */
    record RunFinished(long runId, ThrowableData launcherFailure) implements Message {
    }

    /** The outcome of a finished node, as JUnit's {@code TestExecutionResult.Status}. */
    enum Status {
        SUCCESSFUL, ABORTED, FAILED
    }
}
