package dev.nsunit.internal.relay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.util.HexFormat;

/**
 * {@link Message} frames over a pair of pipes: a marker, a length and the Java-serialized record. The pipes are
 * separate from the child's standard output and error, so nothing a test prints can corrupt a frame; a test can
 * still write to the relay's descriptor itself, and the marker opening every frame tells such bytes apart at
 * once, where a length alone could make the reader wait for data that never comes. Frames are read back through a
 * filter that admits only the protocol's own classes and the JDK types they are made of.
 */
public final class MessageChannel implements AutoCloseable {

    /** Opens every frame: a NUL, "ns" and an ASCII record separator, which no text and no Java stream begins with. */
    static final int FRAME_MARKER = 0x006E731E;
    private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
    private static final ObjectInputFilter PROTOCOL_ONLY = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;dev.nsunit.internal.relay.**;dev.nsunit.internal.linux.*;java.lang.*;java.util.*;!*");

    private final DataInputStream in;
    private final DataOutputStream out;

    public MessageChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
    }

    public synchronized void send(Message message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(message);
        }
        out.writeInt(FRAME_MARKER);
        out.writeInt(bytes.size());
        bytes.writeTo(out);
        out.flush();
    }

    /**
     * The next message, or {@code null} when the other side has closed its end.
     *
     * @throws CorruptFrameException if what arrived is not a frame of the protocol
     */
    public Message receive() throws IOException {
        int marker;
        try {
            marker = in.readInt();
        }
        catch (EOFException closed) {
            return null;
        }
        if (marker != FRAME_MARKER) {
            throw new CorruptFrameException("a frame must begin with the bytes 00 6e 73 1e, and these began with "
                    + HexFormat.of().toHexDigits(marker));
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new CorruptFrameException("a frame announced " + length + " bytes, not between 0 and "
                    + MAX_FRAME_BYTES);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(frame))) {
            objects.setObjectInputFilter(PROTOCOL_ONLY);
            return (Message) objects.readObject();
        }
        catch (ClassNotFoundException | ObjectStreamException | RuntimeException e) {
            // a class the filter refuses (InvalidClassException), bytes that are no serialized object
            // (StreamCorruptedException), an object that is no message (ClassCastException)
            throw new CorruptFrameException("a frame of " + length + " bytes is not a message: " + e);
        }
    }

    /** What arrived on the relay is not the protocol: bytes written by something other than a channel. */
    public static final class CorruptFrameException extends IOException {

        private static final long serialVersionUID = 1L;

        CorruptFrameException(String what) {
            super(what);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        }
        finally {
            out.close();
        }
    }
}
