package dev.nsunit.internal.child;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * The training run behind a class-data archive: a JVM on the children's class path (its jars) that does what a
 * child does up to its test, without a parent, namespaces or test, so that the JVM records the classes involved.
 */
final class Training {

    private Training() {
    }

    static void run() throws IOException {
        Linux.get();
        NamespaceInodes inodes = NamespaceInodes.ofCurrentThread();
        LauncherWarmUp.run();
        roundTrip(List.of(
                new Message.WarmUp(),
                new Message.Prepare(NamespaceSetup.bare(Set.of()), inodes, Map.of("key", "value"), "fence"),
                new Message.RunTest(1, "[engine:junit-jupiter]", Map.of()),
                new Message.Ready(1),
                new Message.NodeFinished(1, "[engine:junit-jupiter]", Message.Status.FAILED,
                        ThrowableData.of(new AssertionError("training"))),
                new Message.RunFinished(1, null),
                new Message.Shutdown()));
    }

    /** Sends the messages through a channel and reads them back, as parent and child do over the relay. */
    private static void roundTrip(List<Message> messages) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        MessageChannel writer = new MessageChannel(InputStream.nullInputStream(), frames);
        for (Message message : messages) {
            writer.send(message);
        }
        MessageChannel reader = new MessageChannel(new ByteArrayInputStream(frames.toByteArray()),
                OutputStream.nullOutputStream());
        for (int i = 0; i < messages.size(); i++) {
            if (reader.receive() == null) {
                throw new IllegalStateException("Training: message " + i + " did not come back");
            }
        }
    }
}
