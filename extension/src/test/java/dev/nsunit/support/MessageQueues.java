package dev.nsunit.support;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** POSIX message queues, which no JDK API reaches. */
public final class MessageQueues {

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;

    /** The two calls needed, from libc (glibc 2.34 and later; librt before). */
    public interface Mq {
        int mq_open(String name, int flags, int mode, Pointer attributes);

        int mq_close(int queue);
    }

    private static final Mq MQ = LibraryLoader.create(Mq.class).load("rt");

    private MessageQueues() {
    }

    public static void create(String name) {
        int queue = MQ.mq_open(name, O_CREAT | O_RDWR, 0600, null);
        if (queue < 0) {
            throw new IllegalStateException("mq_open(" + name + ", O_CREAT) failed");
        }
        MQ.mq_close(queue);
    }

    public static boolean exists(String name) {
        int queue = MQ.mq_open(name, O_RDONLY, 0, null);
        if (queue < 0) {
            return false;
        }
        MQ.mq_close(queue);
        return true;
    }
}
