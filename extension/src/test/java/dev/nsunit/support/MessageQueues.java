package dev.nsunit.support;

import java.nio.charset.StandardCharsets;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/** POSIX message queues, which no JDK API reaches. */
public final class MessageQueues {

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;

    /** mq_open(name, flags, mode, attributes) and mq_close(queue), from libc (glibc 2.34 and later). */
    private static final CallContext FOUR_ARGUMENTS = CallContext.getCallContext(Type.SINT,
            new Type[] {Type.SLONG, Type.SLONG, Type.SLONG, Type.SLONG}, CallingConvention.DEFAULT, true);
    private static final CallContext ONE_ARGUMENT = CallContext.getCallContext(Type.SINT,
            new Type[] {Type.SLONG}, CallingConvention.DEFAULT, true);

    private MessageQueues() {
    }

    public static void create(String name) {
        int queue = open(name, O_CREAT | O_RDWR, 0600);
        if (queue < 0) {
            throw new IllegalStateException("mq_open(" + name + ", O_CREAT) failed");
        }
        close(queue);
    }

    public static boolean exists(String name) {
        int queue = open(name, O_RDONLY, 0);
        if (queue < 0) {
            return false;
        }
        close(queue);
        return true;
    }

    private static int open(String name, int flags, int mode) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        long string = MemoryIO.getInstance().allocateMemory(bytes.length + 1, true);
        try {
            MemoryIO.getInstance().putByteArray(string, bytes, 0, bytes.length);
            return (int) Invoker.getInstance().invokeN4(FOUR_ARGUMENTS, symbol("mq_open"), string, flags, mode, 0);
        }
        finally {
            MemoryIO.getInstance().freeMemory(string);
        }
    }

    private static void close(int queue) {
        Invoker.getInstance().invokeN1(ONE_ARGUMENT, symbol("mq_close"), queue);
    }

    private static long symbol(String name) {
        long address = Library.getDefault().getSymbolAddress(name);
        if (address == 0) {
            throw new IllegalStateException("libc has no " + name + " (glibc 2.34 or later has)");
        }
        return address;
    }
}
