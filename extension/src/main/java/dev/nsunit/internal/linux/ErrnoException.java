package dev.nsunit.internal.linux;

import java.io.IOException;

/** A system call failed; carries errno so callers can tell "not permitted" from "not supported". */
public final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    ErrnoException(String call, int errno, String description) {
        super(call + " failed: " + Errno.name(errno) + " (" + description + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
