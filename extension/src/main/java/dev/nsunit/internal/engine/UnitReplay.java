package dev.nsunit.internal.engine;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.ThrowableData;
import dev.nsunit.internal.session.ChildSession;
import dev.nsunit.internal.setup.IsolationConfig;

/**
 * Reports one child's run in the parent's tree: every event of a node at or below the unit's root goes to the
 * engine's listener for the very descriptor Jupiter discovered here (or one made for a test registered there);
 * events of the containers above, which the parent reports itself, are kept as what they mean for the unit. Once
 * the child is done, {@link #settle} ends what the child left open, so nothing the parent announced stays
 * unfinished and nothing that should have run goes unreported.
 *
 * <p>In the child the unit runs inside its class's containers ({@code @BeforeAll}, {@code @AfterAll},
 * class-level extensions), which the parent reports itself: their failure or abort goes to that container
 * ({@link OuterContainers}), as it would in place, and a unit whose containers failed before it is not reported.
 */
final class UnitReplay implements ChildSession.Events {

    private final EngineExecutionListener listener;
    private final TestDescriptor root;
    private final boolean rootReplayed;
    private final ClassLoader loader;
    private final IsolationConfig config;
    private final Map<TestDescriptor, Throwable> refused;
    private final Map<String, TestDescriptor> known = new HashMap<>();
    private final Deque<TestDescriptor> open = new ArrayDeque<>();
    private final Set<TestDescriptor> reported = new HashSet<>();
    private TestExecutionResult heldRootResult;
    private Throwable containerFailure;
    private Throwable containerAborted;
    private String containerSkipped;
    private boolean registeredAny;
    private int failedTests;
    private Runnable beforeFirstEvent = () -> { };
    private OuterContainers outerContainers = (container, result, beforeUnit) -> { };
    private boolean outerEnded;
    private boolean settled;

    /**
     * @param root         the unit's root: a class, a test, or (with {@code rootReplayed} false) the template whose
     *                     invocation the unit runs
     * @param rootReplayed whether the root's own events are reported from the child, or by the parent
     * @param refused      nodes below the root that the child does not run, with the failure to report for each
     */
    UnitReplay(EngineExecutionListener listener, TestDescriptor root, boolean rootReplayed, ClassLoader loader,
            IsolationConfig config, Map<TestDescriptor, Throwable> refused) {
        this.listener = listener;
        this.root = root;
        this.rootReplayed = rootReplayed;
        this.loader = loader;
        this.config = config;
        this.refused = new LinkedHashMap<>(refused);
        root.accept(descriptor -> known.put(EngineIds.toJupiter(descriptor.getUniqueId()), descriptor));
    }

    /**
     * Runs the action once, before the first event reported from the child: lets the parent start the container
     * it reports itself only when there is something to report in it.
     */
    UnitReplay beforeFirstEvent(Runnable action) {
        this.beforeFirstEvent = action;
        return this;
    }

    /** Where the containers above the root, which the parent reports, learn how they ended in the child. */
    UnitReplay reportingOuterContainersTo(OuterContainers containers) {
        this.outerContainers = containers;
        return this;
    }

    private void reportFinished(TestDescriptor descriptor, TestExecutionResult result) {
        if (descriptor.isTest() && result.getStatus() == TestExecutionResult.Status.FAILED) {
            failedTests++;
        }
        listener.executionFinished(descriptor, result);
    }

    private void touch() {
        Runnable action = beforeFirstEvent;
        beforeFirstEvent = () -> { };
        action.run();
    }

    /** Why the containers around the unit were skipped in the child, if they were. */
    String containerSkipped() {
        return containerSkipped;
    }

    /** Whether the child registered a test or container (for a template: whether the invocation existed). */
    boolean registeredAny() {
        return registeredAny;
    }

    /** How many tests of the unit it reported failed. */
    int failedTests() {
        return failedTests;
    }

    /** What failed in the containers around the unit, or how the child ended, if the parent must report it. */
    Throwable containerFailure() {
        return containerFailure;
    }

    @Override
    public void registered(NodeData node) {
        TestDescriptor parent = known.get(node.parentUniqueId());
        if (parent == null) {
            return;
        }
        touch();
        UniqueId id = EngineIds.toNsunit(node.uniqueId(), parent.getUniqueId());
        // The parent's id and one segment more, as Jupiter makes a dynamic test's: the test plan keeps every test's
        // id to the end of the run, and this way they share the segments of their parents'.
        UniqueId sharing = parent.getUniqueId().append(id.getLastSegment());
        RelayedDescriptor descriptor = new RelayedDescriptor(sharing.equals(id) ? sharing : id, node, parent);
        // Its parent, but not among the parent's children: as Jupiter registers a dynamic test, so that a template
        // or factory of 1,000 invocations does not hold 1,000 descriptors (and each later unit that knows its
        // root's descendants, all the earlier ones) until the run ends.
        descriptor.setParent(parent);
        known.put(node.uniqueId(), descriptor);
        registeredAny = true;
        listener.dynamicTestRegistered(descriptor);
    }

    @Override
    public void started(String uniqueId) {
        TestDescriptor descriptor = replayed(uniqueId);
        if (descriptor != null) {
            open.push(descriptor);
            listener.executionStarted(descriptor);
        }
    }

    @Override
    public void skipped(String uniqueId, String reason) {
        TestDescriptor descriptor = replayed(uniqueId);
        if (descriptor != null) {
            reported.add(descriptor);
            listener.executionSkipped(descriptor, reason);
        }
        else if (known.get(uniqueId) == null || known.get(uniqueId) == root) {
            containerSkipped = reason;
        }
    }

    @Override
    public void finished(String uniqueId, Message.Status status, ThrowableData throwable) {
        TestDescriptor descriptor = replayed(uniqueId);
        TestExecutionResult result = result(status, throwable);
        if (descriptor == null) {
            TestDescriptor outer = outerContainer(uniqueId);
            if (outer != null) {
                if (status != Message.Status.SUCCESSFUL) {
                    outerEnded |= rootNotStarted();
                    outerContainers.ended(outer, result, rootNotStarted());
                }
                return;
            }
            if (status == Message.Status.ABORTED) {
                // An assumption failed around the unit (in @BeforeAll, say): the unit is aborted, not failed.
                containerAborted = result.getThrowable().orElseGet(() -> new IllegalStateException(
                        "The container " + uniqueId + " was aborted in the child JVM"));
            }
            else if (status != Message.Status.SUCCESSFUL) {
                addContainerFailure(result.getThrowable().orElseGet(() -> new IllegalStateException(
                        "The container " + uniqueId + " ended " + status + " in the child JVM")));
            }
            return;
        }
        reportRefusedChildren(descriptor);
        open.remove(descriptor);
        if (descriptor == root && root.getType() == TestDescriptor.Type.TEST) {
            // @AfterAll and class-level extensions still run after a test: their failure is the test's too.
            heldRootResult = result;
            return;
        }
        reported.add(descriptor);
        reportFinished(descriptor, result);
    }

    @Override
    public void ended(ChildSession.End end) {
        settle(end);
    }

    @Override
    public void reported(String uniqueId, Map<String, String> entries) {
        listener.reportingEntryPublished(publishedOn(uniqueId), ReportEntry.from(entries));
    }

    @Override
    public void fileReported(String uniqueId, String path, String mediaType) {
        listener.fileEntryPublished(publishedOn(uniqueId), FileEntry.from(Path.of(path), mediaType));
    }

    /**
     * Where an entry published in the child is reported: on its node, or, for a container the parent reports
     * itself, on the nearest one the parent has started (the template, once touched; otherwise the container that
     * holds the unit).
     */
    private TestDescriptor publishedOn(String uniqueId) {
        TestDescriptor descriptor = replayed(uniqueId);
        touch();
        return descriptor != null ? descriptor : rootReplayed ? root.getParent().orElse(root) : root;
    }

    /** The container above the unit's root that has this Jupiter id, if there is one. */
    private TestDescriptor outerContainer(String uniqueId) {
        for (TestDescriptor ancestor = root.getParent().orElse(null);
                ancestor != null && !EngineIds.isEngineRoot(ancestor.getUniqueId());
                ancestor = ancestor.getParent().orElse(null)) {
            if (EngineIds.toJupiter(ancestor.getUniqueId()).equals(uniqueId)) {
                return ancestor;
            }
        }
        return null;
    }

    /** Whether nothing of the unit has started yet. */
    private boolean rootNotStarted() {
        return rootReplayed ? !open.contains(root) && !reported.contains(root) && heldRootResult == null
                : !registeredAny;
    }

    /** The node, if its events are reported from the child. */
    private TestDescriptor replayed(String uniqueId) {
        TestDescriptor descriptor = known.get(uniqueId);
        if (descriptor == null || (descriptor == root && !rootReplayed)) {
            return null;
        }
        touch();
        return descriptor;
    }

    /**
     * Reports the child's end: whatever it started and did not finish, the root if it never ran. Only the first
     * call counts: the session may settle a completed run before its child has exited.
     */
    void settle(ChildSession.End end) {
        if (settled) {
            return;
        }
        settled = true;
        Throwable cause = explain(end);
        boolean causeReported = false;
        Throwable stoppedBy = open.isEmpty() ? null : stoppedBy(end);
        if (stoppedBy != null) {
            // It came out of the innermost node running: that node's own failure, as JUnit reports any other
            // throwable of a test, were this one not beyond its recovery. Around it nothing more ran.
            TestDescriptor thrower = open.peek();
            cause = new IllegalStateException("The run in the child JVM ended in " + thrower.getDisplayName()
                    + ", which failed with " + stoppedBy + "; nothing after it ran", stoppedBy);
            causeReported = true;
        }
        while (!open.isEmpty()) {
            TestDescriptor unfinished = open.pop();
            if (stoppedBy != null) {
                reportRefusedChildren(unfinished);
                TestExecutionResult failed = TestExecutionResult.failed(stoppedBy);
                stoppedBy = null;
                if (unfinished == root && root.getType() == TestDescriptor.Type.TEST) {
                    heldRootResult = failed;
                }
                else {
                    reported.add(unfinished);
                    reportFinished(unfinished, failed);
                }
                continue;
            }
            reportRefusedChildren(unfinished);
            Throwable failure = cause != null ? cause : containerFailure != null ? containerFailure
                    : new IllegalStateException("The child JVM ended its run without finishing "
                            + unfinished.getDisplayName());
            causeReported |= failure == cause;
            if (unfinished == root && root.getType() == TestDescriptor.Type.TEST) {
                heldRootResult = TestExecutionResult.failed(failure);
            }
            else {
                reported.add(unfinished);
                reportFinished(unfinished, TestExecutionResult.failed(failure));
            }
        }
        if (!rootReplayed) {
            if (cause != null && !causeReported) {
                touch();
                addContainerFailure(cause);
            }
            return;
        }
        if (heldRootResult != null) {
            reported.add(root);
            reportFinished(root, withContainerFailure(heldRootResult, causeReported ? null : cause));
            return;
        }
        if (reported.contains(root)) {
            return;
        }
        if (outerEnded && cause == null) {
            // As in place: a container around the unit failed or was aborted before it, so it did not run.
            return;
        }
        if (containerSkipped != null && cause == null && containerFailure == null) {
            listener.executionSkipped(root, containerSkipped);
            return;
        }
        if (containerAborted != null && cause == null && containerFailure == null) {
            listener.executionStarted(root);
            reportFinished(root, TestExecutionResult.aborted(containerAborted));
            return;
        }
        Throwable failure = containerFailure != null ? containerFailure : cause != null ? cause
                : new IllegalStateException("The child JVM did not run " + root.getDisplayName() + ": selecting "
                        + EngineIds.toJupiter(root.getUniqueId()) + " there found nothing to run");
        if (containerFailure != null && cause != null) {
            containerFailure.addSuppressed(cause);
        }
        listener.executionStarted(root);
        reportRefusedChildren(root);
        reportFinished(root, TestExecutionResult.failed(failure));
    }

    private TestExecutionResult withContainerFailure(TestExecutionResult result, Throwable cause) {
        Throwable extra = containerFailure;
        if (cause != null) {
            if (extra == null) {
                extra = cause;
            }
            else {
                extra.addSuppressed(cause);
            }
        }
        if (extra == null) {
            return result;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return TestExecutionResult.failed(extra);
        }
        Throwable thrown = result.getThrowable().orElse(null);
        if (thrown == null) {
            return TestExecutionResult.failed(extra);
        }
        if (thrown != extra) {
            thrown.addSuppressed(extra);
        }
        return result;
    }

    /** Before a node finishes: its children that the child was not asked to run fail, with the reason. */
    void reportRefusedChildren(TestDescriptor parent) {
        for (TestDescriptor child : List.copyOf(parent.getChildren())) {
            Throwable reason = refused.remove(child);
            if (reason != null) {
                reportRefused(child, reason);
            }
        }
    }

    /** A refused test fails; a refused container holds only refused tests, each failing with its own reason. */
    private void reportRefused(TestDescriptor node, Throwable reason) {
        listener.executionStarted(node);
        if (node.getType() == TestDescriptor.Type.CONTAINER && !node.getChildren().isEmpty()) {
            for (TestDescriptor child : List.copyOf(node.getChildren())) {
                Throwable own = refused.remove(child);
                reportRefused(child, own != null ? own : reason);
            }
            reportFinished(node, TestExecutionResult.successful());
        }
        else {
            reportFinished(node, TestExecutionResult.failed(reason));
        }
    }

    private void addContainerFailure(Throwable failure) {
        if (containerFailure == null) {
            containerFailure = failure;
        }
        else if (containerFailure != failure) {
            containerFailure.addSuppressed(failure);
        }
    }

    private TestExecutionResult result(Message.Status status, ThrowableData throwable) {
        Throwable thrown = throwable == null ? null : throwable.toThrowable(loader);
        return switch (status) {
            case SUCCESSFUL -> TestExecutionResult.successful();
            case ABORTED -> TestExecutionResult.aborted(thrown);
            case FAILED -> TestExecutionResult.failed(thrown);
        };
    }

    /**
     * The throwable that ended the child's run while a node was running, if one did: an error JUnit does not
     * recover from and so rethrows out of its launcher ({@code OutOfMemoryError}), or the timeout of a test that did
     * not heed its {@code @Timeout} (the child reports it so, see {@code TimeoutWatch}).
     */
    private Throwable stoppedBy(ChildSession.End end) {
        if (end instanceof ChildSession.End.Completed completed && completed.launcherFailure() != null) {
            return completed.launcherFailure().toThrowable(loader);
        }
        return null;
    }

    /** Why the child's run did not end normally, as the failure to report; null if it did. */
    private Throwable explain(ChildSession.End end) {
        if (end instanceof ChildSession.End.Completed completed) {
            if (completed.launcherFailure() == null) {
                return null;
            }
            Throwable cause = completed.launcherFailure().toThrowable(loader);
            return new IllegalStateException("The JUnit launcher failed in the child JVM: " + cause, cause);
        }
        if (end instanceof ChildSession.End.PrepareFailed failed) {
            return new IllegalStateException("The child JVM could not set up its namespaces, so the test did not "
                    + "run: " + failed.cause().message(), failed.cause().toThrowable(loader));
        }
        if (end instanceof ChildSession.End.NotStarted notStarted) {
            return new IllegalStateException("Cannot start a child JVM: " + notStarted.cause().getMessage(),
                    notStarted.cause());
        }
        if (end instanceof ChildSession.End.Interrupted) {
            return new IllegalStateException("Interrupted while the child JVM ran; the child and everything it "
                    + "started were ended");
        }
        if (end instanceof ChildSession.End.TimedOut timedOut) {
            return new TimeoutException("The isolated test ran longer than nsunit.timeout = "
                    + IsolationConfig.format(config.timeout()) + "; its child JVM (pid " + timedOut.pid()
                    + ") and every process it started were killed");
        }
        if (end instanceof ChildSession.End.RelayBroken broken) {
            return new IllegalStateException("The relay from the child JVM (pid " + broken.pid() + ") made no sense: "
                    + broken.what() + ". The test, or something it ran, wrote to nsunit's relay descriptor (fd "
                    + ChildMain.RELAY_FD + " of the child JVM); the child and every process it started were killed");
        }
        ChildSession.End.Died died = (ChildSession.End.Died) end;
        if (died.crash().isPresent()) {
            return crashed(died);
        }
        StringBuilder message = new StringBuilder("The child JVM (pid ").append(died.pid()).append(") ended with ")
                .append(died.status() == null ? "an unknown status" : died.status().describe())
                .append(" before reporting a result for the test")
                .append(died.limitsReached().map(reached -> ": " + reached).orElse("")).append('.');
        if (died.stderrLastWords().isEmpty()) {
            message.append(" It wrote nothing to standard error.");
        }
        else {
            message.append(" From its standard error:");
            for (String line : died.stderrLastWords()) {
                message.append("\n    ").append(line);
            }
        }
        return new IllegalStateException(message.toString());
    }

    /**
     * A crash, told by the lines of the JVM's banner that say what and where, and the file with the rest: the
     * report itself runs to a thousand lines and more, which belong in no test's message.
     */
    private static IllegalStateException crashed(ChildSession.End.Died died) {
        ChildSession.End.Crash crash = died.crash().orElseThrow();
        StringBuilder message = new StringBuilder("The child JVM (pid ").append(died.pid())
                .append(") crashed before reporting a result for the test (it ended with ")
                .append(died.status() == null ? "an unknown status" : died.status().describe()).append("):");
        for (String line : crash.lines()) {
            message.append("\n    ").append(line);
        }
        message.append('\n').append(crash.report().map(file -> "The JVM's full crash report is in " + file)
                .orElse("The JVM wrote no crash report file"));
        return new IllegalStateException(message.toString());
    }
}
