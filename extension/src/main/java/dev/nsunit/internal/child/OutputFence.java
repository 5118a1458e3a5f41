package dev.nsunit.internal.child;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Marks a point in the child's output on both streams, after everything written before it, so the parent knows
 * which lines came before an event and which after (see {@code Message}'s output marks). The fence is a per-child
 * random token no test can print by accident. A warm-up or training run has none and marks nothing.
 */
final class OutputFence {

    static final OutputFence NONE = new OutputFence(null);

    private final byte[] line;
    private int written;

    OutputFence(String token) {
        this.line = token == null ? null : (token + "\n").getBytes(StandardCharsets.US_ASCII);
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
        write(FileDescriptor.out);
        write(FileDescriptor.err);
        return ++written;
    }

    private void write(FileDescriptor descriptor) {
        try {
            // Straight to the descriptor: System.out may have been replaced or closed by the test.
            new FileOutputStream(descriptor).write(line);
        }
        catch (IOException parentGone) {
            // the parent stopped reading: it is gone, and the parent watch ends this JVM
        }
    }
}
