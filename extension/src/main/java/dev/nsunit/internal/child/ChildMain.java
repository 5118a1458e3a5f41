package dev.nsunit.internal.child;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.FdInputStream;
import dev.nsunit.internal.linux.FdOutputStream;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * The child JVM's entry point. It is born in the new namespaces with the relay on descriptors 3 (to the parent)
 * and 4 (from the parent), proves and sets up its namespaces, then runs what the parent asks for (a class, or one
 * test) through Jupiter in the JUnit Platform Launcher, and exits. Its standard output and error are the tests' own.
 */
public final class ChildMain {

    /** Set on the child's command line: Jupiter may run isolated tests in this JVM. */
    public static final String CHILD_PROPERTY = "nsunit.internal.child";

    /** Where the child writes its relay: a test that writes here breaks it, and is told this number. */
    public static final int RELAY_FD = 3;
    static final int CONTROL_FD = 4;
    /** Exit status when the parent vanished; nobody reads it, but it is distinct in a process listing. */
    private static final int ORPHANED_EXIT = 70;
    /** Exit status when a test ignored its {@code @Timeout} and the run was stopped; likewise only for a listing. */
    private static final int TIMED_OUT_EXIT = 71;

    private ChildMain() {
    }

    /** The argument that makes this a training run for the class-data archive instead of a child. */
    public static final String TRAINING_ARGUMENT = "--train";
    /**
     * After {@link #TRAINING_ARGUMENT}: the training run also loads the classes named on its standard input, one per
     * line, which children were seen to load (the launcher's {@code LearnedClasses}).
     */
    public static final String LEARNED_CLASSES_ARGUMENT = "--learned-classes-on-stdin";

    public static void main(String[] args) throws Exception {
        // First, so that the training run, which never writes a phase, loads it into the archive as well.
        PhaseLog.mark("boot");
        if (args.length >= 1 && args[0].equals(TRAINING_ARGUMENT)) {
            Training.run(args.length == 2 && args[1].equals(LEARNED_CLASSES_ARGUMENT) ? Training.namedOnStdin()
                    : List.of());
            // Ended as a child ends (exit), so that the archive holds what that loads: since JDK 21 Runtime.exit
            // asks System.Logger whether to log the exit, and that lookup read its classes from the JDK's image in
            // every child.
            System.exit(0);
        }
        Linux linux = Linux.get();
        PhaseLog.mark("libc");
        linux.setCloseOnExec(RELAY_FD);
        linux.setCloseOnExec(CONTROL_FD);
        // Orphans of the test's processes re-parent to us, so none escapes the cleanup below.
        linux.setChildSubreaper(true);
        FdOutputStream relay = new FdOutputStream(linux, RELAY_FD);
        MessageChannel channel = new MessageChannel(new FdInputStream(linux, CONTROL_FD), relay);
        BlockingQueue<Message> commands = new LinkedBlockingQueue<>();
        startParentWatch(linux, channel, commands);
        PhaseLog.mark("relay");
        // While the parent has nothing for us yet (a child started ahead waits for a test), or before the setup
        // otherwise: either way not between the test's handing over and its run.
        TestRunner runner = new TestRunner();
        PhaseLog.mark("launcher");
        Message first = commands.take();
        if (first instanceof Message.WarmUp) {
            // Started ahead of its test: load and initialise the launcher while nobody waits for it.
            try {
                LauncherWarmUp.run();
            }
            catch (RuntimeException | LinkageError notWarm) {
                // Only speed is lost: the test's own run meets whatever broke here, and reports it.
            }
            PhaseLog.mark("warm-up");
            first = commands.take();
        }
        PhaseLog.mark("wait");
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
        channel.send(new Message.Ready());
        PhaseLog.mark("setup");

        Message next = commands.take();
        if (next instanceof Message.Discover discover) {
            // Started ahead of a unit the parent knows, and set up for it: its discovery, now, is time no test
            // waits for.
            runner.discover(discover.run());
            PhaseLog.mark("discover");
            next = commands.take();
            PhaseLog.mark("wait");
        }
        if (next instanceof Message.Run run) {
            long handedOver = processCpuNanos(linux);
            OutputFence fence = new OutputFence(linux, prepare.outputFence());
            TimeoutWatch.watchThisThread(new RunStop(linux, channel, fence));
            ThrowableData launcherFailure = runner.run(run, new RelayingListener(channel, fence,
                    run.cancellable()));
            long finished = processCpuNanos(linux);
            channel.send(new Message.RunFinished(launcherFailure, fence.mark(),
                    handedOver == Message.RunFinished.UNMEASURED || finished == Message.RunFinished.UNMEASURED
                            ? Message.RunFinished.UNMEASURED : finished - handedOver));
            PhaseLog.mark("run");
            // Nothing of nsunit's follows RunFinished, so the parent takes anything that does for a test writing
            // to the relay; closed, the descriptor cannot carry even that, and the parent need not wait for our
            // exit (shutdown hooks may take a while) to know the relay is done.
            relay.close();
            awaitShutdown(commands);
        }
        exit(linux, 0);
    }

    /**
     * Waits for the parent's {@code Shutdown}, after which the parent watch has stopped reading: a thread blocked
     * in a native read holds up the JVM's exit by 300 ms (HotSpot waits that long for threads in native code).
     */
    private static void awaitShutdown(BlockingQueue<Message> commands) throws InterruptedException {
        while (!(commands.take() instanceof Message.Shutdown)) {
            // nothing else is sent after Run
        }
    }

    /**
     * Reads the parent's commands on a thread of its own, so that end of file (the parent process is gone,
     * however it died) is seen even while a test runs, and ends this JVM and everything it started.
     */
    private static void startParentWatch(Linux linux, MessageChannel channel, BlockingQueue<Message> commands) {
        Thread watch = new Thread(new ParentWatch(linux, channel, commands), "nsunit-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    // The parent watch and the run's stop are classes, not lambdas: a lambda is a class the JVM makes at run time, in
    // every child, unless the training run made it too, and only a child can run these. The training run loads
    // the classes (Training.CHILD_ONLY), so the archive holds them.

    static final class ParentWatch implements Runnable {

        private final Linux linux;
        private final MessageChannel channel;
        private final BlockingQueue<Message> commands;

        ParentWatch(Linux linux, MessageChannel channel, BlockingQueue<Message> commands) {
            this.linux = linux;
            this.channel = channel;
            this.commands = commands;
        }

        @Override
        public void run() {
            try {
                Message message;
                while ((message = channel.receive()) != null) {
                    if (message instanceof Message.Cancel || message instanceof Message.Resume) {
                        // Not a command: the main thread waits for it inside the run.
                        RunCancellation.verdict(message instanceof Message.Cancel);
                        continue;
                    }
                    // Everything this thread loads for a message, it loads before handing the message on: the main
                    // thread, given the setup, may cover /tmp with a tmpfs for a moment (HostsFile), and a class
                    // loaded meanwhile from a class path under /tmp would not be found.
                    boolean last = message instanceof Message.Shutdown;
                    commands.add(message);
                    if (last) {
                        // Nothing follows; and blocked in a read, this thread would hold up the exit (see
                        // awaitShutdown). A parent that finds the exit hanging kills this JVM from outside.
                        return;
                    }
                }
            }
            catch (IOException | RuntimeException broken) {
                // the parent is gone or the relay is unusable: either way nobody will hear from us again
            }
            catch (LinkageError unloadable) {
                // Without this thread the child would wait for its parent's next message until nsunit.timeout; it
                // ends now instead, and the parent reports the crash with this output.
                unloadable.printStackTrace();
            }
            Descendants.killAndReap(linux);
            Runtime.getRuntime().halt(ORPHANED_EXIT);
        }
    }

    static final class RunStop implements Consumer<Throwable> {

        private final Linux linux;
        private final MessageChannel channel;
        private final OutputFence fence;

        RunStop(Linux linux, MessageChannel channel, OutputFence fence) {
            this.linux = linux;
            this.channel = channel;
            this.fence = fence;
        }

        @Override
        public void accept(Throwable timeout) {
            stopRun(linux, channel, fence, timeout);
        }
    }

    /**
     * Ends the run with a test method that ignored its {@code @Timeout} and is still running: reports the timeout
     * as the end of the run, then kills what the test started and halts, since the method will not return and a
     * shutdown hook of the test's could hang as well.
     */
    private static void stopRun(Linux linux, MessageChannel channel, OutputFence fence, Throwable timeout) {
        try {
            channel.send(new Message.RunFinished(ThrowableData.of(timeout), fence.mark(),
                    Message.RunFinished.UNMEASURED));
        }
        catch (IOException | RuntimeException parentGone) {
            // nobody to tell; end all the same
        }
        Descendants.killAndReap(linux);
        Runtime.getRuntime().halt(TIMED_OUT_EXIT);
    }

    /** The process's CPU time, which tells the parent what the test weighs; unmeasured if the clock fails. */
    private static long processCpuNanos(Linux linux) {
        try {
            return linux.processCpuNanos();
        }
        catch (ErrnoException unreadable) {
            return Message.RunFinished.UNMEASURED;
        }
    }

    private static void exit(Linux linux, int status) {
        Descendants.killAndReap(linux);
        PhaseLog.mark("exit");
        PhaseLog.write();
        // System.exit, not halt: shutdown hooks (a coverage agent's dump among them) must run.
        System.exit(status);
    }
}
