package dev.nsunit.internal.linux;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * libc's functions, called through jffi: each symbol is looked up the first time it is called, and every argument
 * is passed as a 64-bit integer (a number, or the address of native memory). {@link Linux} wraps these calls with
 * their types and errno handling; nothing else calls libc.
 *
 * <p>Why not a generated binding (JNR-FFI): generating and loading its stub classes cost a child JVM 300 ms or
 * more of CPU before the test could start, several times what the JVM itself takes to start. Calling through jffi
 * directly costs only loading its native library.
 */
final class LibC {

    private static final int MAX_ARGUMENTS = 6;
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private final Library library;
    private final Invoker invoker = Invoker.getInstance();
    private final Map<String, Long> addresses = new ConcurrentHashMap<>();
    private final CallContext[] returningInt = new CallContext[MAX_ARGUMENTS + 1];
    private final CallContext[] returningLong = new CallContext[MAX_ARGUMENTS + 1];

    private LibC(Library library) {
        this.library = library;
        for (int arity = 0; arity <= MAX_ARGUMENTS; arity++) {
            Type[] parameters = new Type[arity];
            java.util.Arrays.fill(parameters, Type.SLONG);
            returningInt[arity] = CallContext.getCallContext(Type.SINT, parameters, CallingConvention.DEFAULT, true);
            returningLong[arity] = CallContext.getCallContext(Type.SLONG, parameters, CallingConvention.DEFAULT, true);
        }
    }

    /** The symbols of the process, libc's among them. */
    static LibC load() {
        return new LibC(Library.getDefault());
    }

    /** Whether this libc has the function (glibc adds some in later versions). */
    boolean has(String function) {
        return address(function) != 0;
    }

    /** Calls a function that returns {@code int}. */
    int callInt(String function, long... arguments) {
        return (int) invoke(returningInt[arguments.length], function, arguments);
    }

    /** Calls a function that returns {@code long}, {@code ssize_t} or a pointer. */
    long callLong(String function, long... arguments) {
        return invoke(returningLong[arguments.length], function, arguments);
    }

    /** errno as the last call on this thread left it. */
    int lastError() {
        return LastError.getInstance().get();
    }

    private long invoke(CallContext context, String function, long[] a) {
        long address = address(function);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libc has no function " + function);
        }
        return switch (a.length) {
            case 0 -> invoker.invokeN0(context, address);
            case 1 -> invoker.invokeN1(context, address, a[0]);
            case 2 -> invoker.invokeN2(context, address, a[0], a[1]);
            case 3 -> invoker.invokeN3(context, address, a[0], a[1], a[2]);
            case 4 -> invoker.invokeN4(context, address, a[0], a[1], a[2], a[3]);
            case 5 -> invoker.invokeN5(context, address, a[0], a[1], a[2], a[3], a[4]);
            case 6 -> invoker.invokeN6(context, address, a[0], a[1], a[2], a[3], a[4], a[5]);
            default -> throw new IllegalArgumentException(function + ": more than " + MAX_ARGUMENTS + " arguments");
        };
    }

    private long address(String function) {
        return addresses.computeIfAbsent(function, library::getSymbolAddress);
    }

    /** Native memory, zeroed; free it with {@link #free}. */
    static long allocate(long bytes) {
        long address = MEMORY.allocateMemory(bytes, true);
        if (address == 0) {
            throw new OutOfMemoryError("Cannot allocate " + bytes + " bytes of native memory");
        }
        return address;
    }

    static void free(long address) {
        if (address != 0) {
            MEMORY.freeMemory(address);
        }
    }

    /** A NUL-terminated copy of the string in native memory, or 0 for {@code null}; free it with {@link #free}. */
    static long string(String string) {
        if (string == null) {
            return 0;
        }
        byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
        long address = allocate(bytes.length + 1L);
        MEMORY.putByteArray(address, bytes, 0, bytes.length);
        return address;
    }

    static String readString(long address) {
        return address == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    static void put(long address, byte[] bytes, int length) {
        MEMORY.putByteArray(address, bytes, 0, length);
    }

    static void get(long address, byte[] bytes, int length) {
        MEMORY.getByteArray(address, bytes, 0, length);
    }

    static int getInt(long address) {
        return MEMORY.getInt(address);
    }

    static long getLong(long address) {
        return MEMORY.getLong(address);
    }

    static short getShort(long address) {
        return MEMORY.getShort(address);
    }

    static void putShort(long address, short value) {
        MEMORY.putShort(address, value);
    }

    static void putAddress(long address, long value) {
        MEMORY.putLong(address, value);
    }
}
