package dev.nsunit.internal.child;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.nsunit.internal.linux.FdInputStream;
import dev.nsunit.internal.linux.FdOutputStream;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * The child JVM's entry point. It is born in the new namespaces with the relay on descriptors 3 (to the parent)
 * and 4 (from the parent), proves and sets up its namespaces, then runs the tests the parent asks for through
 * the JUnit Platform Launcher. Its standard output and error are the test's own.
 */
public final class ChildMain {

    /** Set on the child's command line; the extension runs tests in place where it is true. */
    public static final String CHILD_PROPERTY = "nsunit.internal.child";

    static final int RELAY_FD = 3;
    static final int CONTROL_FD = 4;
    /** Exit status when the parent vanished; nobody reads it, but it is distinct in a process listing. */
    private static final int ORPHANED_EXIT = 70;

    private ChildMain() {
    }

    /** The argument that makes this a training run for the class-data archive instead of a child. */
    public static final String TRAINING_ARGUMENT = "--train";

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(TRAINING_ARGUMENT)) {
            Training.run();
            return;
        }
        Linux linux = Linux.get();
        linux.setCloseOnExec(RELAY_FD);
        linux.setCloseOnExec(CONTROL_FD);
        // Orphans of the test's processes re-parent to us, so none escapes the cleanup below.
        linux.setChildSubreaper(true);
        MessageChannel channel = new MessageChannel(new FdInputStream(linux, CONTROL_FD),
                new FdOutputStream(linux, RELAY_FD));
        BlockingQueue<Message> commands = new LinkedBlockingQueue<>();
        startParentWatch(linux, channel, commands);
        Message first = commands.take();
        if (first instanceof Message.WarmUp) {
            // Started ahead of its test: load and initialise the launcher while nobody waits for it.
            try {
                LauncherWarmUp.run();
            }
            catch (RuntimeException | LinkageError notWarm) {
                // Only speed is lost: the test's own run meets whatever broke here, and reports it.
            }
            first = commands.take();
        }
        if (!(first instanceof Message.Prepare prepare)) {
            // A warm child that no test was handed to, shut down at the end of the run.
            exit(linux, 0);
            return;
        }
        try {
            prepare.setup().apply(linux, prepare.parentNamespaces());
        }
        catch (Throwable failure) {
            channel.send(new Message.PrepareFailed(ThrowableData.of(failure)));
            exit(linux, 1);
        }
        prepare.systemProperties().forEach(System::setProperty);
        channel.send(new Message.Ready(ProcessHandle.current().pid()));

        TestRunner runner = new TestRunner(channel);
        String outputFence = prepare.outputFence();
        while (true) {
            Message command = commands.take();
            long runId;
            boolean last = false;
            if (command instanceof Message.RunTest run) {
                runner.run(run);
                runId = run.runId();
            }
            else if (command instanceof Message.RunClass run) {
                ClassGate gate = new ClassGate(commands, () -> fence(outputFence), run.uniqueId());
                runner.runClass(run, gate);
                runId = run.runId();
                // The gate may have taken the parent's Shutdown while the class was still running.
                last = gate.shutDown();
            }
            else {
                break;
            }
            fence(outputFence);
            channel.send(new Message.RunFinished(runId, runner.takeLauncherFailure()));
            if (last) {
                break;
            }
        }
        exit(linux, 0);
    }

    /**
     * Reads the parent's commands on a thread of its own, so that end of file (the parent process is gone,
     * however it died) is seen even while a test runs, and ends this JVM and everything it started.
     */
    private static void startParentWatch(Linux linux, MessageChannel channel, BlockingQueue<Message> commands) {
        Thread watch = new Thread(() -> {
            try {
                Message message;
                while ((message = channel.receive()) != null) {
                    commands.add(message);
                    if (message instanceof Message.Shutdown) {
                        return;
                    }
                }
            }
            catch (IOException | RuntimeException broken) {
                // the parent is gone or the relay is unusable: either way nobody will hear from us again
            }
            Descendants.killAndReap(linux);
            Runtime.getRuntime().halt(ORPHANED_EXIT);
        }, "nsunit-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Marks the end of a run's output on both streams, after everything the run wrote, so the parent knows when
     * it has all of it. The fence is a per-child random token no test can print by accident.
     */
    private static void fence(String fence) {
        System.out.flush();
        System.err.flush();
        byte[] line = (fence + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            // Straight to the descriptors: System.out may have been replaced by the test.
            new FileOutputStream(FileDescriptor.out).write(line);
            new FileOutputStream(FileDescriptor.err).write(line);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void exit(Linux linux, int status) {
        Descendants.killAndReap(linux);
        // System.exit, not halt: shutdown hooks (a coverage agent's dump among them) must run.
        System.exit(status);
    }
}
