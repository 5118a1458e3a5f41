package dev.nsunit.internal.child;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * Sends every event of the child's launcher to the parent as it happens, the engine's own excepted (the parent has
 * an engine of its own). Before a node starts, is skipped or finishes, the output is fenced, so the parent can tell
 * the node's output from its neighbours'. Where JUnit prunes a failure's stack traces, the guard's frames go too
 * ({@link GuardFrames}).
 */
final class RelayingListener implements TestExecutionListener {

    private static final String STACK_TRACE_PRUNING = "junit.platform.stacktrace.pruning.enabled";

    private final MessageChannel channel;
    private final OutputFence fence;
    private final boolean awaitVerdicts;
    private boolean pruneStackTraces = true;

    /** @param awaitVerdicts whether the run is cancellable, so that a node not successful waits for the parent */
    RelayingListener(MessageChannel channel, OutputFence fence, boolean awaitVerdicts) {
        this.channel = channel;
        this.fence = fence;
        this.awaitVerdicts = awaitVerdicts;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        // JUnit prunes a failure's stack trace with the same parameter and default, before this listener sees it.
        pruneStackTraces = plan.getConfigurationParameters().getBoolean(STACK_TRACE_PRUNING).orElse(true);
    }

    @Override
    public void dynamicTestRegistered(TestIdentifier node) {
        send(new Message.Registered(NodeData.of(node)));
    }

    @Override
    public void executionStarted(TestIdentifier node) {
        if (!isEngine(node)) {
            send(new Message.Started(node.getUniqueId(), fence.mark()));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier node, String reason) {
        send(new Message.Skipped(node.getUniqueId(), reason, fence.mark()));
    }

    @Override
    public void executionFinished(TestIdentifier node, TestExecutionResult result) {
        if (isEngine(node) && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return;
        }
        Throwable failure = result.getThrowable().orElse(null);
        if (failure != null && pruneStackTraces) {
            GuardFrames.remove(failure);
        }
        ThrowableData throwable = failure == null ? null : ThrowableData.of(failure);
        send(new Message.Finished(node.getUniqueId(), Message.Status.valueOf(result.getStatus().name()), throwable,
                fence.mark()));
        if (awaitVerdicts && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            RunCancellation.awaitVerdict();
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier node, ReportEntry entry) {
        send(new Message.Reported(node.getUniqueId(), entry.getKeyValuePairs()));
    }

    @Override
    public void fileEntryPublished(TestIdentifier node, FileEntry file) {
        send(new Message.FileReported(node.getUniqueId(), file.getPath().toString(),
                file.getMediaType().orElse(null)));
    }

    private static boolean isEngine(TestIdentifier node) {
        return node.getParentId().isEmpty();
    }

    private void send(Message message) {
        try {
            channel.send(message);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Lost the relay to the parent JVM", e);
        }
    }
}
