package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a raw descriptor through libc. Used for the pipes between parent and child because Java's own
 * streams cannot be made from a descriptor number, and reopening through {@code /proc/self/fd} would lose
 * close-on-exec (another child spawned meanwhile would inherit the end and hide our end-of-file).
 */
public final class FdInputStream extends InputStream {

    private final Linux linux;
    private final int fd;
    private boolean closed;

    public FdInputStream(Linux linux, int fd) {
        this.linux = linux;
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        byte[] chunk = offset == 0 && length == buffer.length ? buffer : new byte[length];
        int n = linux.read(fd, chunk);
        if (n == 0) {
            return -1;
        }
        if (chunk != buffer) {
            System.arraycopy(chunk, 0, buffer, offset, n);
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            linux.close(fd);
        }
    }
}
