package dev.nsunit.internal.session;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.nsunit.internal.launch.ChildEvent;
import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.relay.Message;

/**
 * A child's standard output and error as its parent sees them: every line is copied to this JVM's stream of the
 * same name, where the test's output belongs, in its place among the child's events.
 *
 * <p>The child fences both streams before each event that begins or ends a node's output, and the event carries
 * the number of fences written before it (its output mark). So a line that arrives after {@code k} fences on its
 * stream was written after the event with mark {@code k} was sent: it is printed only once that event has been
 * applied, and the event is applied only once {@code k} fences have arrived on both streams, after every line
 * written before it. Output and events thus reach this JVM in the order the child wrote them, whichever pipe is
 * read first.
 */
final class ChildOutput {

    /** How long the output of a child that has exited may take to arrive, before the rest is given up. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

    private int stdoutFences;
    private int stderrFences;
    private int streamsClosed;
    /** The output mark of the last event applied: lines written after it may be printed. */
    private int appliedMark;
    private final Deque<Held> held = new ArrayDeque<>();

    /** A line that belongs after an event not applied yet. */
    private record Held(int mark, ChildEvent.Output line) {
    }

    /** Takes an output event (a line, a fence, a stream's end); returns false for any other event. */
    boolean take(ChildEvent event) {
        if (event instanceof ChildEvent.Output output) {
            int mark = output.stream() == ChildEvent.OutputStream.STDOUT ? stdoutFences : stderrFences;
            if (mark <= appliedMark && held.isEmpty()) {
                print(output);
            }
            else {
                held.add(new Held(mark, output));
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

    /** Whether {@code count} fences have arrived on each stream: all output written before that mark is here. */
    boolean fencesReached(int count) {
        return stdoutFences >= count && stderrFences >= count;
    }

    /** The event with this output mark has been applied: prints the lines written up to the next one. */
    void applied(int mark) {
        appliedMark = Math.max(appliedMark, mark);
        while (!held.isEmpty() && held.peek().mark() <= appliedMark) {
            print(held.poll().line());
        }
    }

    /** The child is gone and no event will come: prints every line still held, in order. */
    void releaseAll() {
        while (!held.isEmpty()) {
            print(held.poll().line());
        }
    }

    private static void print(ChildEvent.Output output) {
        PrintStream target = output.stream() == ChildEvent.OutputStream.STDOUT ? System.out : System.err;
        synchronized (target) {
            target.write(output.line(), 0, output.line().length);
            if (output.endsLine()) {
                target.println();
            }
        }
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
