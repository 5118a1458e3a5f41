package dev.nsunit.internal.child;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/** Sends the child's test events to the parent as they happen. */
final class RelayingListener implements TestExecutionListener {

    private final MessageChannel channel;
    private final long runId;
    private final ClassGate gate;

    /** @param gate the gate of the class being run, told of every node relayed; null for a single test's run */
    RelayingListener(MessageChannel channel, long runId, ClassGate gate) {
        this.channel = channel;
        this.runId = runId;
        this.gate = gate;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        send(new Message.NodeSkipped(runId, test.getUniqueId(), reason));
        relayed(test);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        ThrowableData throwable = result.getThrowable().map(ThrowableData::of).orElse(null);
        send(new Message.NodeFinished(runId, test.getUniqueId(), Message.Status.valueOf(result.getStatus().name()),
                throwable));
        relayed(test);
    }

    private void relayed(TestIdentifier test) {
        if (gate != null) {
            gate.relayed(test.getUniqueId());
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        send(new Message.ReportEntry(runId, test.getUniqueId(), entry.getKeyValuePairs()));
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
