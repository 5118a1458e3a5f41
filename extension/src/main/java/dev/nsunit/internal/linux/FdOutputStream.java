package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** Writes a raw descriptor through libc; see {@link FdInputStream} for why. */
public final class FdOutputStream extends OutputStream {

    private final Linux linux;
    private final int fd;
    private volatile boolean closed;

    public FdOutputStream(Linux linux, int fd) {
        this.linux = linux;
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            // The number may already belong to a descriptor opened since: never write there.
            throw new IOException("Descriptor " + fd + " was closed");
        }
        linux.write(fd, offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            linux.close(fd);
        }
    }
}
