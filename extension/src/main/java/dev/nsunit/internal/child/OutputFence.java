package dev.nsunit.internal.child;

import java.nio.charset.StandardCharsets;

import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.Linux;

/**
 * Marks a point in the child's output on both streams, after everything written before it, so the parent knows
 * which lines came before an event and which after (see {@code Message}'s output marks). The fence is a per-child
 * random token no test can print by accident. A warm-up or training run has none and marks nothing.
 *
 * <p>Fences go to copies of descriptors 1 and 2 made before any test ran, not to the descriptors themselves: a
 * test that closes {@code System.out} closes descriptor 1 too (the JDK points it at {@code /dev/null}), as it would
 * in place, and its output is gone as it would be in place; but the fences must still reach the parent, or every
 * event after them would wait for the child's exit.
 */
final class OutputFence {

    static final OutputFence NONE = new OutputFence();

    private final Linux linux;
    private final byte[] line;
    private final int stdout;
    private final int stderr;
    private int written;

    private OutputFence() {
        this.linux = null;
        this.line = null;
        this.stdout = -1;
        this.stderr = -1;
    }

    OutputFence(Linux linux, String token) throws ErrnoException {
        this.linux = linux;
        this.line = (token + "\n").getBytes(StandardCharsets.US_ASCII);
        // Close-on-exec, so the test's processes do not hold the parent's pipes open with them.
        this.stdout = linux.duplicate(1);
        this.stderr = linux.duplicate(2);
    }

    /** Writes the next fence and returns how many have been written on each stream. */
    synchronized int mark() {
        if (line == null) {
            return 0;
        }
        // A test may have closed or replaced System.out; what it wrote there still comes before the fence.
        try {
            System.out.flush();
            System.err.flush();
        }
        catch (RuntimeException closedByTheTest) {
            // nothing more can be flushed
        }
        write(stdout);
        write(stderr);
        return ++written;
    }

    private void write(int fd) {
        try {
            linux.write(fd, line);
        }
        catch (ErrnoException parentGone) {
            // the parent stopped reading: it is gone, and the parent watch ends this JVM
        }
    }
}
