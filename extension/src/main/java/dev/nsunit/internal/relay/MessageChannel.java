package dev.nsunit.internal.relay;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Length-prefixed {@link Message} frames over a pair of pipes. The pipes are separate from the child's standard
 * output and error, so nothing a test prints can corrupt a frame. Frames are Java-serialized records, read back
 * through a filter that admits only the protocol's own classes and the JDK types they are made of.
 */
public final class MessageChannel implements AutoCloseable {

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
        out.writeInt(bytes.size());
        bytes.writeTo(out);
        out.flush();
    }

    /** The next message, or {@code null} when the other side has closed its end. */
    public Message receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        }
        catch (EOFException closed) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("Corrupt relay frame: length " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(frame))) {
            objects.setObjectInputFilter(PROTOCOL_ONLY);
            return (Message) objects.readObject();
        }
        catch (ClassNotFoundException | ClassCastException | InvalidClassException e) {
            throw new IOException("Corrupt relay frame: " + e, e);
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
