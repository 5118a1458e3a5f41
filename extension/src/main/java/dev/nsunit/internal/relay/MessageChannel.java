package dev.nsunit.internal.relay;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * {@link Message} frames over a pair of pipes: a marker, a length and the message in {@link MessageCodec}'s
 * encoding. The pipes are separate from the child's standard output and error, so nothing a test prints can
 * corrupt a frame; a test can still write to the relay's descriptor itself, and the marker opening every frame
 * tells such bytes apart at once, where a length alone could make the reader wait for data that never comes. A
 * frame whose bytes are not exactly one message is refused when it is read.
 */
public final class MessageChannel implements AutoCloseable {

    /** Opens every frame: a NUL, "ns" and an ASCII record separator, which no text and no Java stream begins with. */
    static final int FRAME_MARKER = 0x006E731E;
    private static final int HEADER_BYTES = 8;
    private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private final DataInputStream in;
    private final OutputStream out;

    public MessageChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    public synchronized void send(Message message) throws IOException {
        // One array, one write: the relay's streams write straight to a descriptor, a system call per write.
        byte[] frame = MessageCodec.encode(message, HEADER_BYTES);
        ByteBuffer.wrap(frame).putInt(FRAME_MARKER).putInt(frame.length - HEADER_BYTES);
        out.write(frame);
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
            marker = readInt();
        }
        catch (EOFException closed) {
            return null;
        }
        if (marker != FRAME_MARKER) {
            throw new CorruptFrameException("a frame must begin with the bytes 00 6e 73 1e, and these began with "
                    + HexFormat.of().toHexDigits(marker));
        }
        int length = readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new CorruptFrameException("a frame announced " + length + " bytes, not between 0 and "
                    + MAX_FRAME_BYTES);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return MessageCodec.decode(payload);
    }

    /** Four bytes in one read where they are there (DataInputStream.readInt of JDK 17 reads them one by one). */
    private int readInt() throws IOException {
        byte[] four = new byte[4];
        in.readFully(four);
        return ByteBuffer.wrap(four).getInt();
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
