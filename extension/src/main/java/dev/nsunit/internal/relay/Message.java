package dev.nsunit.internal.relay;

import java.util.List;
import java.util.Map;

import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;

/**
 * Everything parent and child say to each other over the relay pipes. The conversation is: parent sends
 * {@link Prepare} (after {@link WarmUp}, for a child started ahead of its work); child answers {@link Ready} (or
 * {@link PrepareFailed}); parent sends one {@link Run} (after {@link Discover}, for a child started ahead of a unit
 * the parent knows), which the child answers with the run's events as JUnit's launcher reports them
 * ({@link Registered}, {@link Started}, {@link Skipped}, {@link Finished}, {@link Reported}, {@link FileReported}),
 * closed by {@link RunFinished}; then the child exits. {@link Shutdown} (or end of file, which the child treats as
 * its parent's death) ends a child at any point.
 *
 * <p>Events that end or begin a stretch of output carry an {@code outputMark}: the number of fences the child had
 * written to each of its output streams when it sent the event. The parent applies such an event only once that
 * many fences have arrived on both streams, so every line a node printed is shown before the node is reported
 * finished, and none of the next node's before it is reported started.
 */
public sealed interface Message {

    /**
     * Parent to child, first, to a child started before there is work for it: load and initialise what running a
     * test needs while waiting for {@link Prepare}, or for {@link Shutdown} if none comes.
     */
    record WarmUp() implements Message {
    }

    /**
     * Parent to child, first (or after {@link WarmUp}): set up the namespaces before any test code runs. Sent when
     * the child is handed its unit, or, to a child started ahead of a unit the parent knows, when it starts, so that
     * it sets up while the test before runs: then the unit that takes it has this very setup.
     */
    record Prepare(NamespaceSetup setup, NamespaceInodes parentNamespaces, String outputFence) implements Message {
    }

    /**
     * Parent to child started ahead, after {@link Prepare}: the {@link Run} its unit will most likely send. The child
     * discovers it now, while the test before runs, and executes what it discovered only when that very {@code Run}
     * comes; another is discovered anew. Discovery runs the user's code that Jupiter runs to discover (display name
     * generators, method orderers, discovery listeners, post-discovery filters), which is why it comes after the
     * setup; a child whose class path registers launcher session listeners or interceptors, whose sessions would then
     * overlap the test's before, ignores it.
     */
    record Discover(Run run) implements Message {
    }

    /**
     * Parent to child: run these Jupiter unique ids (classes, methods, templates or single template invocations)
     * in one launcher execution, their whole lifecycle, with these configuration parameters, after setting these
     * system properties (the test JVM's at the time, which a test may read); {@code cancellable}
     * where the parent's run can be cancelled (JUnit 6's {@code CancellationToken}), so that the child's can be too:
     * then after each node it reports not successful, the child waits for {@link Cancel} or {@link Resume}, since
     * that report may be what cancels the parent's run.
     */
    record Run(List<String> uniqueIds, Map<String, String> configurationParameters,
            Map<String, String> systemProperties, boolean cancellable) implements Message {

        public Run {
            uniqueIds = List.copyOf(uniqueIds);
            configurationParameters = Map.copyOf(configurationParameters);
            systemProperties = Map.copyOf(systemProperties);
        }

        /** A run that sets no system property and cannot be cancelled (the warm-up's, the training's). */
        public Run(List<String> uniqueIds, Map<String, String> configurationParameters) {
            this(uniqueIds, configurationParameters, Map.of(), false);
        }
    }

    /**
     * Parent to child, in a cancellable {@link Run}, in answer to a node the child reported not successful: the
     * parent's run was cancelled (a test failed under the console launcher's {@code --fail-fast}, say), so the child
     * skips what it has not begun, as Jupiter does in place.
     */
    record Cancel() implements Message {
    }

    /**
     * Parent to child, in a cancellable {@link Run}, in answer to a node the child reported not successful: the
     * parent's run goes on, and so does the child's.
     */
    record Resume() implements Message {
    }

    /** Parent to child: no more work; clean up and exit. */
    record Shutdown() implements Message {
    }

    /** Child to parent: namespaces proven and set up, ready for {@link Run}. */
    record Ready() implements Message {
    }

    /** Child to parent: the namespaces could not be proven or set up; nothing was changed after the failure. */
    record PrepareFailed(ThrowableData failure) implements Message {
    }

    /** Child to parent: a test or container was registered while the run went on (a dynamic test, an invocation). */
    record Registered(NodeData node) implements Message {
    }

    /** Child to parent: a node of the run started. */
    record Started(String uniqueId, int outputMark) implements Message {
    }

    /** Child to parent: a node of the run was skipped (for example disabled by a condition in the child). */
    record Skipped(String uniqueId, String reason, int outputMark) implements Message {
    }

    /** Child to parent: a node of the run (a test or one of its containers) finished. */
    record Finished(String uniqueId, Status status, ThrowableData throwable, int outputMark) implements Message {
    }

    /** Child to parent: a report entry was published for a node of the run. */
    record Reported(String uniqueId, Map<String, String> entries) implements Message {

        public Reported {
            entries = Map.copyOf(entries);
        }
    }

    /**
     * Child to parent: a file was published for a node of the run (JUnit's {@code TestReporter.publishFile}); the
     * path is as the child sees it.
     */
    record FileReported(String uniqueId, String path, String mediaType) implements Message {
    }

    /**
     * Child to parent: the run is over; {@code launcherFailure} is set if the launcher itself broke.
     * {@code runCpuNanos} is the CPU time the child's process spent from its test's handing over to here (its
     * discovery too, unless it discovered ahead), or {@link #UNMEASURED}: what the test weighs, without the JVM's
     * start, which the machine's load makes dearer for every child alike.
     */
    record RunFinished(ThrowableData launcherFailure, int outputMark, long runCpuNanos) implements Message {

        public static final long UNMEASURED = -1;
    }

    /** The outcome of a finished node, as JUnit's {@code TestExecutionResult.Status}. */
    enum Status {
        SUCCESSFUL, ABORTED, FAILED
    }
}
