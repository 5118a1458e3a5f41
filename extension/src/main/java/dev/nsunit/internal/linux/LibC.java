package dev.nsunit.internal.linux;

import java.nio.charset.Charset;

import com.kenai.jffi.ArrayFlags;
import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Function;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;

/**
 * The libc functions a child JVM calls (the test JVM calls them too), bound through jffi, the native layer of
 * JNR-FFI; {@link Linux} wraps them with errno handling so no caller sees a raw return code. What only the test JVM
 * calls, to create namespaces and start children, is in {@link SpawnLibC}, which a child never binds.
 *
 * <p>Each call is the one JNR-FFI's own binding of an interface makes (a call context that saves errno, the
 * arguments in a heap invocation buffer, an array copied in and back out), written here instead of generated.
 * JNR-FFI binds an interface at run time: a proxy class with a method per function, then an invoker per function
 * on its first call, made again in every child JVM, none of which a class-data archive can hold. That cost about
 * 20 ms of CPU per child on JDK 17 and 25, a tenth of a trivial test's child (benchmark/README.md, issue 14). The
 * test JVM's spawn calls pass native memory and structs, where JNR-FFI's mapping earns its keep, once per run.
 *
 * <p>Strings go in as NUL-terminated bytes ({@link Linux#cString}), arrays rather than native memory, so no call
 * allocates any: JNR starts a thread to free native memory, which a child never needs.
 */
final class LibC {

    /** glibc's name on Linux, the one JNR-FFI's {@code Platform} gives: the loader finds it at once. */
    static final String LIBRARY = "libc.so.6";

    private static final int IN = ArrayFlags.IN;
    private static final int OUT = ArrayFlags.OUT;
    private static final int IN_OUT = ArrayFlags.IN | ArrayFlags.OUT;

    private final Invoker invoker = Invoker.getInstance();
    /** Kept: jffi closes a library once its object is garbage. */
    private final Library libc;
    private final Function mount;
    private final Function umount2;
    private final Function sethostname;
    private final Function setdomainname;
    private final Function prctl;
    private final Function close;
    private final Function pipe2;
    private final Function read;
    private final Function write;
    private final Function fcntl;
    private final Function kill;
    private final Function socket;
    private final Function ioctl;
    private final Function statvfs;
    private final Function waitpid;
    private final Function strerror;
    private final Function clockGettime;

    private LibC(Library libc) {
        this.libc = libc;
        Type i = Type.SINT;
        Type l = Type.SLONG;
        Type p = Type.POINTER;
        mount = function(libc, "mount", i, p, p, p, l, p);
        umount2 = function(libc, "umount2", i, p, i);
        sethostname = function(libc, "sethostname", i, p, l);
        setdomainname = function(libc, "setdomainname", i, p, l);
        prctl = function(libc, "prctl", i, i, l, l, l, l);
        close = function(libc, "close", i, i);
        pipe2 = function(libc, "pipe2", i, p, i);
        read = function(libc, "read", l, i, p, l);
        write = function(libc, "write", l, i, p, l);
        fcntl = function(libc, "fcntl", i, i, i, i);
        kill = function(libc, "kill", i, i, i);
        socket = function(libc, "socket", i, i, i, i);
        ioctl = function(libc, "ioctl", i, i, l, p);
        statvfs = function(libc, "statvfs", i, p, p);
        waitpid = function(libc, "waitpid", i, i, p, i);
        strerror = function(libc, "strerror", p, i);
        clockGettime = function(libc, "clock_gettime", i, i, p);
    }

    /**
     * Opens libc and looks up every function here, so that a missing one fails now, not in the middle of a test.
     *
     * @throws UnsatisfiedLinkError where libc or one of its functions cannot be found
     */
    static LibC bind() {
        Library libc = Library.getCachedInstance(LIBRARY, Library.LAZY | Library.GLOBAL);
        if (libc == null) {
            throw new UnsatisfiedLinkError("Cannot open " + LIBRARY + ": " + Library.getLastError());
        }
        return new LibC(libc);
    }

    /**
     * A function, its errno saved after each call. {@code prctl}, {@code fcntl} and {@code ioctl} are variadic in C,
     * and are called with their fixed parameters' types, as JNR-FFI calls them: on Linux's x86-64 and AArch64 an int
     * or a pointer is passed the same way either way. (jffi's cache of call contexts knows a context by its types
     * alone, so a variadic one would be handed to any fixed function of the same types, {@code socket} here, and the
     * other way round.)
     */
    private static Function function(Library libc, String name, Type result, Type... parameters) {
        return new Function(address(libc, name), CallContext.getCallContext(result, parameters,
                CallingConvention.DEFAULT, true));
    }

    private static long address(Library libc, String name) {
        long address = libc.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("No function " + name + " in " + LIBRARY + ": " + Library.getLastError());
        }
        return address;
    }

    /** The errno the last call on this thread left. */
    int errno() {
        return LastError.getInstance().get();
    }

    /** Each string: NUL-terminated bytes, or null for none. */
    int mount(byte[] source, byte[] target, byte[] filesystemType, long flags, byte[] data) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(mount);
        array(call, source, IN);
        array(call, target, IN);
        array(call, filesystemType, IN);
        call.putLong(flags);
        array(call, data, IN);
        return invoker.invokeInt(mount, call);
    }

    int umount2(byte[] target, int flags) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(umount2);
        array(call, target, IN);
        call.putInt(flags);
        return invoker.invokeInt(umount2, call);
    }

    int sethostname(byte[] name) {
        return setName(sethostname, name);
    }

    int setdomainname(byte[] name) {
        return setName(setdomainname, name);
    }

    private int setName(Function function, byte[] name) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(function);
        array(call, name, IN);
        call.putLong(name.length);
        return invoker.invokeInt(function, call);
    }

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(prctl);
        call.putInt(option);
        call.putLong(arg2);
        call.putLong(arg3);
        call.putLong(arg4);
        call.putLong(arg5);
        return invoker.invokeInt(prctl, call);
    }

    int close(int fd) {
        return withInts(close, fd);
    }

    /** {@code fds}: two ints, which the call fills with the read and the write end. */
    int pipe2(int[] fds, int flags) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(pipe2);
        call.putArray(fds, 0, fds.length, OUT);
        call.putInt(flags);
        return invoker.invokeInt(pipe2, call);
    }

    /** Reads at most {@code buffer.length} bytes into {@code buffer}. */
    long read(int fd, byte[] buffer) {
        return transfer(read, fd, buffer, OUT);
    }

    /** Writes at most all of {@code bytes}. */
    long write(int fd, byte[] bytes) {
        return transfer(write, fd, bytes, IN);
    }

    /** read or write: a descriptor, then the bytes and their count. */
    private long transfer(Function function, int fd, byte[] bytes, int copy) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(function);
        call.putInt(fd);
        array(call, bytes, copy);
        call.putLong(bytes.length);
        return invoker.invokeLong(function, call);
    }

    int fcntl(int fd, int command, int argument) {
        return withInts(fcntl, fd, command, argument);
    }

    int kill(int pid, int signal) {
        return withInts(kill, pid, signal);
    }

    int socket(int domain, int type, int protocol) {
        return withInts(socket, domain, type, protocol);
    }

    /** A function whose parameters are all ints. */
    private int withInts(Function function, int... arguments) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(function);
        for (int argument : arguments) {
            call.putInt(argument);
        }
        return invoker.invokeInt(function, call);
    }

    /** {@code argument}: the struct the request reads and fills, as bytes, or null for none. */
    int ioctl(int fd, long request, byte[] argument) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(ioctl);
        call.putInt(fd);
        call.putLong(request);
        array(call, argument, IN_OUT);
        return invoker.invokeInt(ioctl, call);
    }

    /** {@code path}: NUL-terminated bytes; {@code buffer}: struct statvfs as 8-byte words. */
    int statvfs(byte[] path, long[] buffer) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(statvfs);
        array(call, path, IN);
        call.putArray(buffer, 0, buffer.length, OUT);
        return invoker.invokeInt(statvfs, call);
    }

    /** {@code status}: one int, which the call fills. */
    int waitpid(int pid, int[] status, int options) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(waitpid);
        call.putInt(pid);
        call.putArray(status, 0, status.length, OUT);
        call.putInt(options);
        return invoker.invokeInt(waitpid, call);
    }

    /** {@code time}: struct timespec as two 8-byte words, seconds and nanoseconds, which the call fills. */
    int clockGettime(int clock, long[] time) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(clockGettime);
        call.putInt(clock);
        call.putArray(time, 0, time.length, OUT);
        return invoker.invokeInt(clockGettime, call);
    }

    String strerror(int errno) {
        HeapInvocationBuffer call = new HeapInvocationBuffer(strerror);
        call.putInt(errno);
        long message = invoker.invokeAddress(strerror, call);
        return new String(MemoryIO.getInstance().getZeroTerminatedByteArray(message), Charset.defaultCharset());
    }

    /** A byte array's address for the call, copied in, back out or both; null is the NULL pointer. */
    private static void array(HeapInvocationBuffer call, byte[] bytes, int copy) {
        if (bytes == null) {
            call.putAddress(0);
        }
        else {
            call.putArray(bytes, 0, bytes.length, copy);
        }
    }
}
