package dev.nsunit.internal.session;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.relay.Message;

/**
 * A child's standard output and error as its parent sees them: every line is copied to this JVM's stream of the
 * same name, where the test's output belongs, and the child's end-of-run fences and the streams' ends are counted,
 * so the parent knows when it has all of a run's output.
 */
final class ChildOutput {

    /** How long the output of a child that has exited may take to arrive, before the rest is given up. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private int stdoutFences;
    private int stderrFences;
    private int streamsClosed;

    /** Takes an output event (a line, a fence, a stream's end); returns false for any other event. */
    boolean take(ChildEvent event) {
        if (event instanceof ChildEvent.Output output) {
            PrintStream target = output.stream() == ChildEvent.OutputStream.STDOUT ? System.out : System.err;
            synchronized (target) {
                target.write(output.line(), 0, output.line().length);
                target.println();
            }
        }
        else if (event instanceof ChildEvent.FenceReached fence) {
            if (fence.stream() == ChildEvent.OutputStream.STDOUT) {
                stdoutFences++;
            }
            else {
                stderrFences++;
            }
        }
        else if (event instanceof ChildEvent.OutputClosed) {
            streamsClosed++;
        }
        else {
            return false;
        }
        return true;
    }

    /** Whether {@code count} fences have arrived on each stream: the output of that many runs is all here. */
    boolean fencesReached(int count) {
        return stdoutFences >= count && stderrFences >= count;
    }

    /**
     * Once the child has exited its output streams close; takes whatever is still in them (it belongs to the run
     * that just ended), handing relay messages still queued to {@code messages}.
     */
    void drain(ChildProcess child, Consumer<Message> messages) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (streamsClosed < 2) {
            long remaining = deadline - System.nanoTime();
            ChildEvent event = remaining > 0 ? child.nextEvent(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                return;
            }
            if (event instanceof ChildEvent.Received received) {
                messages.accept(received.message());
            }
            else {
                take(event);
            }
        }
    }
}
