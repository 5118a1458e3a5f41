package dev.nsunit.internal.child;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * Sends every event of the child's launcher to the parent as it happens, the engine's own excepted (the parent has
 * an engine of its own). Before a node starts, is skipped or finishes, the output is fenced, so the parent can tell
 * the node's output from its neighbours'.
 */
final class RelayingListener implements TestExecutionListener {

    private final MessageChannel channel;
    private final OutputFence fence;

    RelayingListener(MessageChannel channel, OutputFence fence) {
        this.channel = channel;
        this.fence = fence;
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
        ThrowableData throwable = result.getThrowable().map(ThrowableData::of).orElse(null);
        send(new Message.Finished(node.getUniqueId(), Message.Status.valueOf(result.getStatus().name()), throwable,
                fence.mark()));
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
