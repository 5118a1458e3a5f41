package dev.nsunit.internal.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.FdInputStream;
import dev.nsunit.internal.linux.FdOutputStream;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.Pipe;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.SourceData;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * The training run behind a class-data archive: a JVM on the children's class path (its jars) that walks a
 * child's own path, without a parent, namespaces or test of the user's, so that the JVM records the classes
 * involved: binding and calling libc, the relay over a pipe, the warm-up's run of an empty test through
 * {@link TestRunner}, the end of the child.
 */
final class Training {

    private Training() {
    }

    static void run() throws IOException {
        Linux linux = ChildMain.bindLibc();
        linux.setChildSubreaper(true);
        NamespaceInodes inodes = NamespaceInodes.ofCurrentThread();
        Path scratch = Files.createTempFile("nsunit-training", ".hosts");
        try {
            NamespaceSetup.rehearse(linux, scratch);
        }
        finally {
            Files.delete(scratch);
        }
        LauncherWarmUp.run();
        roundTrip(linux, everyKind(inodes));
        Descendants.killAndReap(linux);
    }

    /**
     * One message of every kind, with every field that can be set set, so that the archive holds all the classes
     * their encoding and decoding use.
     */
    static List<Message> everyKind(NamespaceInodes inodes) {
        NamespaceSetup setup = new NamespaceSetup(Set.of(NamespaceType.MOUNT, NamespaceType.TIME,
                NamespaceType.NETWORK), "", "", List.of(new HostsEntry("db", "127.0.0.1")), List.of("/tmp"),
                List.of(new BindMount("/a", "/b")), List.of("/c"), new UserMapping.InvokingUser(0, 0), false,
                new ClockOffsets(1, 1), List.of(new NamespaceJoin(NamespaceType.UTS, "/run/uts", 1, 2)),
                new Netem(1, 0, 0, 0));
        ThrowableData failure = ThrowableData.of(new AssertionError("training"));
        return List.of(
                new Message.WarmUp(),
                new Message.Prepare(setup, inodes, Map.of("key", "value"), "fence"),
                new Message.Run(List.of("[engine:junit-jupiter]"), Map.of()),
                new Message.Ready(),
                new Message.PrepareFailed(failure),
                new Message.Registered(new NodeData("[engine:junit-jupiter]/[class:A]/[test-factory:f()]/"
                        + "[dynamic-test:#1]", "[engine:junit-jupiter]/[class:A]/[test-factory:f()]", "training",
                        "training", "TEST", new SourceData(SourceData.Kind.METHOD, "A", "f", "", 1, 2),
                        List.of("tag"))),
                new Message.Started("[engine:junit-jupiter]", 1),
                new Message.Skipped("[engine:junit-jupiter]", "training", 1),
                new Message.Reported("[engine:junit-jupiter]", Map.of("key", "value")),
                new Message.FileReported("[engine:junit-jupiter]", "/tmp/training.txt", "text/plain"),
                new Message.Finished("[engine:junit-jupiter]", Message.Status.FAILED, failure, 2),
                new Message.RunFinished(null, 3),
                new Message.Shutdown());
    }

    /** Sends the messages through a pipe and reads them back, as parent and child do over the relay. */
    private static void roundTrip(Linux linux, List<Message> messages) throws IOException {
        Pipe pipe = linux.pipe();
        linux.setCloseOnExec(pipe.readFd());
        linux.setCloseOnExec(pipe.writeFd());
        // A few kilobytes, well inside a pipe's buffer, so one thread can write them all before reading.
        try (MessageChannel writer = new MessageChannel(InputStream.nullInputStream(),
                new FdOutputStream(linux, pipe.writeFd()));
                MessageChannel reader = new MessageChannel(new FdInputStream(linux, pipe.readFd()),
                        OutputStream.nullOutputStream())) {
            for (Message message : messages) {
                writer.send(message);
            }
            for (int i = 0; i < messages.size(); i++) {
                if (reader.receive() == null) {
                    throw new IllegalStateException("Training: message " + i + " did not come back");
                }
            }
        }
    }
}
