package dev.nsunit.internal.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.launch.UpcomingUnit;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * One child's whole life, seen from the parent: taken from the run's children, prepared, given one {@link Message.Run},
 * and listened to until its run is over, it dies or its time is up; then ended. Every event of the child reaches
 * {@link Events} on the calling thread, in order, each after the output the child wrote before it (so output is
 * printed while the node it belongs to is running); the child's output goes to this JVM's streams of the same name.
 * The only owner of a child: nobody else sends to it, reads from it or ends it.
 */
public final class ChildSession {

    /** What the child reports, one call per event, in the order the child's launcher reported them. */
    public interface Events {

        void registered(NodeData node);

        void started(String uniqueId);

        void skipped(String uniqueId, String reason);

        void finished(String uniqueId, Message.Status status, ThrowableData throwable);

        void reported(String uniqueId, Map<String, String> entries);

        void fileReported(String uniqueId, String path, String mediaType);

        /**
         * The child's run completed and all its events have been handed over: called then, before the child has
         * exited (a shutdown hook of the test's may keep it a while), so the results are not held back by it. The
         * session's caller still gets the same end when the child is gone.
         */
        void ended(End end);
    }

    /** How a session ended. */
    public sealed interface End {

        /** The child ran the request to its end; {@code launcherFailure} is set if its launcher broke. */
        record Completed(ThrowableData launcherFailure) implements End {
        }

        /** The child could not prove or set up its namespaces: nothing of the tests ran. */
        record PrepareFailed(ThrowableData cause) implements End {
        }

        /** No child could be started. */
        record NotStarted(Exception cause) implements End {
        }

        /** The parent's thread was interrupted (the run is being cancelled); the child was ended. */
        record Interrupted() implements End {
        }

        /** The run took longer than {@code nsunit.timeout}; the child and everything it started were killed. */
        record TimedOut(long pid) implements End {
        }

        /**
         * What came over the relay was not nsunit's protocol, so something else (the test, or a process it ran)
         * wrote to the relay's descriptor; the child and everything it started were killed.
         */
        record RelayBroken(long pid, String what) implements End {
        }

        /**
         * The child ended before the end of its run; if its JVM crashed, how, as its crash banner says; which of its
         * resource limits it reached, if any, as the kernel counted.
         */
        record Died(long pid, WaitStatus status, List<String> stderrLastWords, Optional<Crash> crash,
                Optional<String> limitsReached) implements End {
        }

        /**
         * A JVM crash: the banner's lines that say what crashed and where (signal, JRE version, problematic frame),
         * and the file with the full report, where the JVM wrote one.
         */
        record Crash(List<String> lines, Optional<Path> report) {
        }
    }

    private final RunChildren children;
    private final ChildOutput output = new ChildOutput();
    private final Deque<Message> pending = new ArrayDeque<>();
    private Events events;
    private BooleanSupplier cancelled;
    private ChildProcess child;
    private End end;

    private ChildSession(RunChildren children) {
        this.children = children;
    }

    /**
     * Runs the request in a new child and reports its events; returns how the session ended.
     *
     * @param unit     the unit of work, by a name that is the same from run to run (see {@link RunChildren})
     * @param upcoming the units that come next, in order (see {@link RunChildren})
     * @param label         what runs, for messages
     */
    public static End run(RunChildren children, NamespaceSetup setup, ClassLoader loader, String unit,
            List<UpcomingUnit> upcoming, String label, Message.Run run, Events events, BooleanSupplier cancelled)
            throws InterruptedException {
        return new ChildSession(children).runIn(setup, loader, unit, upcoming, label, run, events, cancelled);
    }

    private End runIn(NamespaceSetup setup, ClassLoader loader, String unit, List<UpcomingUnit> upcoming,
            String label, Message.Run run, Events events, BooleanSupplier cancelled) throws InterruptedException {
        this.events = events;
        this.cancelled = run.cancellable() ? cancelled : null;
        ChildProcess child;
        try {
            child = children.take(setup, loader, unit, upcoming, label);
            this.child = child;
        }
        catch (IOException | RuntimeException cannotStart) {
            return new End.NotStarted(cannotStart);
        }
        long deadline = System.nanoTime() + children.config().timeout().toNanos();
        try {
            try {
                // A child started ahead for this unit was prepared when it started, and has discovered the run.
                child.prepare(setup);
                child.send(run);
            }
            catch (IOException childGone) {
                // It died before reading (a JVM that could not start, say): its exit and stderr say why, below.
            }
            listen(child, deadline);
            if (end instanceof End.Completed) {
                events.ended(end);
            }
        }
        finally {
            if (end instanceof End.TimedOut || end instanceof End.RelayBroken) {
                child.terminate();
            }
            child.close();
            output.drain(child, this::enqueue);
            applyPending(true);
        }
        return end;
    }

    /**
     * Handles the child's events until the run is over, the child is gone, its relay made no sense, or the deadline
     * passes. Not until the child's relay closes after its run: with a PID namespace, util-linux's unshare, the
     * child's parent, holds the relay open until the child has exited, and the child waits for Shutdown to exit.
     */
    private void listen(ChildProcess child, long deadline) throws InterruptedException {
        boolean relayClosed = false;
        WaitStatus exit = null;
        while (end == null && !(relayClosed && exit != null)) {
            long remaining = deadline - System.nanoTime();
            ChildEvent event = remaining > 0 ? child.nextEvent(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                end = new End.TimedOut(child.pid());
                return;
            }
            if (event instanceof ChildEvent.Received received) {
                enqueue(received.message());
            }
            else if (event instanceof ChildEvent.RelayClosed) {
                relayClosed = true;
            }
            else if (event instanceof ChildEvent.RelayCorrupt corrupt) {
                end = new End.RelayBroken(child.pid(), corrupt.what());
                return;
            }
            else if (event instanceof ChildEvent.Exited exited) {
                exit = exited.status();
            }
            else {
                output.take(event);
            }
            applyPending(false);
        }
        if (end == null) {
            // Its last words may still be in the pipes; they are what explains the death.
            output.drain(child, this::enqueue);
            applyPending(true);
            if (end == null) {
                end = new End.Died(child.pid(), exit, child.stderrLastWords(), child.crashReport()
                        .map(crash -> new End.Crash(crash.lines(), crash.file())), child.limitsReached());
            }
        }
    }

    private void enqueue(Message message) {
        pending.add(message);
    }

    /**
     * Applies the messages whose output has all arrived, in order; with {@code all}, every message left (the child
     * is gone, so no more output will come).
     */
    private void applyPending(boolean all) {
        while (!pending.isEmpty() && (all || output.fencesReached(outputMark(pending.peek())))) {
            Message message = pending.poll();
            apply(message);
            output.applied(outputMark(message));
        }
        if (all) {
            output.releaseAll();
        }
    }

    private static int outputMark(Message message) {
        if (message instanceof Message.Started started) {
            return started.outputMark();
        }
        if (message instanceof Message.Skipped skipped) {
            return skipped.outputMark();
        }
        if (message instanceof Message.Finished finished) {
            return finished.outputMark();
        }
        if (message instanceof Message.RunFinished finished) {
            return finished.outputMark();
        }
        return 0;
    }

    private void apply(Message message) {
        if (end != null && !(end instanceof End.TimedOut)) {
            return;
        }
        if (message instanceof Message.Registered registered) {
            events.registered(registered.node());
        }
        else if (message instanceof Message.Started started) {
            events.started(started.uniqueId());
        }
        else if (message instanceof Message.Skipped skipped) {
            events.skipped(skipped.uniqueId(), skipped.reason());
        }
        else if (message instanceof Message.Finished finished) {
            events.finished(finished.uniqueId(), finished.status(), finished.throwable());
            if (cancelled != null && finished.status() != Message.Status.SUCCESSFUL) {
                answer(cancelled.getAsBoolean() ? new Message.Cancel() : new Message.Resume());
            }
        }
        else if (message instanceof Message.Reported reported) {
            events.reported(reported.uniqueId(), reported.entries());
        }
        else if (message instanceof Message.FileReported file) {
            events.fileReported(file.uniqueId(), file.path(), file.mediaType());
        }
        else if (message instanceof Message.PrepareFailed failed) {
            end = new End.PrepareFailed(failed.failure());
        }
        else if (message instanceof Message.RunFinished finished) {
            end = new End.Completed(finished.launcherFailure());
        }
    }

    /**
     * Tells a child of a cancellable run, waiting after a node that did not succeed, whether that cancelled the run
     * (a test failed under {@code --fail-fast}): the child skips what it has not begun, as Jupiter does in place.
     */
    private void answer(Message verdict) {
        try {
            child.send(verdict);
        }
        catch (IOException childGone) {
            // It is ending anyway; how, the events that follow say.
        }
    }
}
