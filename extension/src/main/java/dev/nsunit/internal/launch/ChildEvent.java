package dev.nsunit.internal.launch;

import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.internal.relay.Message;

/** Something a child did, in the order the parent's test thread should handle it. */
public sealed interface ChildEvent {

    /**
     * What the child wrote to its standard output or error: a line without its line feed ({@code endsLine}), or
     * the start of a long line, passed on before its end; the rest follows in the next.
     */
    record Output(OutputStream stream, byte[] line, boolean endsLine) implements ChildEvent {
    }

    /** The child's end-of-run marker arrived on one stream: all the run's output on it came before. */
    record FenceReached(OutputStream stream) implements ChildEvent {
    }

    /** One of the child's output streams reached end of file. */
    record OutputClosed(OutputStream stream) implements ChildEvent {
    }

    /** A relay message from the child. */
    record Received(Message message) implements ChildEvent {
    }

    /** The relay from the child ended: the child exited or closed it. */
    record RelayClosed() implements ChildEvent {
    }

    /**
     * What arrived on the relay is not the protocol (bytes that are not a frame, a frame that is not a message, or
     * anything after {@link Message.RunFinished}): something other than nsunit wrote to the relay's descriptor.
     * Nothing more is read from it.
     */
    record RelayCorrupt(String what) implements ChildEvent {
    }

    /** The child process ended and was reaped. */
    record Exited(WaitStatus status) implements ChildEvent {
    }

    /** Which of the child's output streams a line came from. */
    enum OutputStream {
        STDOUT, STDERR
    }
}
