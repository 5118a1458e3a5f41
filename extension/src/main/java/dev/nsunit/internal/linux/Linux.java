package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The system calls nsunit makes, with errno turned into {@link ErrnoException}. One instance per JVM;
 * {@link #get()} fails with a readable reason where the binding cannot exist (not Linux, no libc).
 */
public final class Linux {

    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWUSER = 0x10000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWTIME = 0x00000080;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 0x4000;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int MNT_DETACH = 2;
    public static final int SIGKILL = 9;
    public static final int SIGSTOP = 19;
    public static final int WNOHANG = 1;

    private static final long ST_NOSUID = 2;
    private static final long ST_NODEV = 4;
    private static final long ST_NOEXEC = 8;
    private static final long ST_NOATIME = 1024;
    private static final long ST_NODIRATIME = 2048;
    private static final long ST_RELATIME = 4096;
    /** struct statvfs on 64-bit Linux: eleven 8-byte fields (f_flag is the tenth) and 24 spare bytes. */
    private static final int STATVFS_WORDS = 14;
    private static final int STATVFS_FLAG_WORD = 9;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    /** {@code _IO(0xb7, 0x3)} from linux/nsfs.h. */
    private static final long NS_GET_NSTYPE = 0xb703;
    /** struct ifreq: a 16-byte interface name, then a union whose first member is the short flags. */
    private static final int IFREQ_BYTES = 40;
    private static final int IFNAMSIZ = 16;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_SETFD = 2;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int FD_CLOEXEC = 1;
    private static final short POSIX_SPAWN_SETPGROUP = 0x02;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Pipe ends the parent hands to a child are kept at or above this, so dup2 onto 0..4 never clobbers one. */
    private static final int FIRST_UNMAPPED_FD = 10;
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on x86_64/aarch64. */
    private static final int SPAWN_STRUCT_BYTES = 1024;
    private static final int SIGSET_BYTES = 128;


    private static volatile Linux instance;

    private final LibC libc;
    /** Bound on first use: only the test JVM creates namespaces and spawns, so a child never binds it. */
    private volatile SpawnLibC spawnLibc;

    private Linux(LibC libc) {
        this.libc = libc;
    }

    /**
     * The binding for this JVM.
     *
     * @throws UnsupportedOperationException where this is not Linux or libc cannot be bound
     */
    public static Linux get() {
        Linux linux = instance;
        if (linux == null) {
            synchronized (Linux.class) {
                linux = instance;
                if (linux == null) {
                    instance = linux = load();
                }
            }
        }
        return linux;
    }

    private static Linux load() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw new UnsupportedOperationException("Linux namespaces exist only on Linux, and this is " + os);
        }
        try {
            return new Linux(LibC.bind());
        }
        catch (LinkageError | RuntimeException e) {
            throw new UnsupportedOperationException("Cannot bind libc through JNR-FFI: " + e, e);
        }
    }

    /**
     * Readies this JVM to spawn children, on an ordinary thread, before any spawner thread exists. JNR starts a
     * thread to free native memory the first time some is allocated, and {@link #spawn} allocates: on a spawner
     * thread that thread would be born in the spawner's new namespaces and then serve the whole JVM, or fail
     * outright after unshare(CLONE_NEWPID), which forbids new threads. So allocate once here; and bind the spawn
     * calls, which creates no thread but need not be paid for by the first child.
     */
    public void prepareToSpawn() {
        Memory.allocateDirect(spawnRuntime(), 1, true);
    }

    /**
     * The test JVM's calls: bound on first use, by {@link #prepareToSpawn} or a spawner thread's unshare.
     */
    private SpawnLibC spawnLibc() {
        SpawnLibC bound = spawnLibc;
        if (bound == null) {
            synchronized (this) {
                bound = spawnLibc;
                if (bound == null) {
                    // By its file name, as LibC opens it: by the bare name "c", JNR lists every library directory
                    // (thousands of files) to find the newest version.
                    spawnLibc = bound = LibraryLoader.create(SpawnLibC.class).load(LibC.LIBRARY);
                }
            }
        }
        return bound;
    }

    /** JNR-FFI's runtime of {@link SpawnLibC}, for the native memory posix_spawn reads. */
    private Runtime spawnRuntime() {
        return Runtime.getRuntime(spawnLibc());
    }

    public void unshare(int flags) throws ErrnoException {
        check(spawnLibc().unshare(flags), "unshare(" + cloneFlagNames(flags) + ")");
    }

    /**
     * Moves the calling thread into the namespace the descriptor refers to ({@code setns(2)}); {@code type} is its
     * clone flag, so the kernel refuses a namespace of another type.
     */
    public void setns(int fd, int type) throws ErrnoException {
        check(spawnLibc().setns(fd, type), "setns(" + cloneFlagNames(type) + ")");
    }

    /** Opens a file for reading, close-on-exec: for a namespace file, to join it or ask its type. */
    public int openReadOnly(String path) throws ErrnoException {
        int fd = spawnLibc().open(path, O_RDONLY | O_CLOEXEC);
        check(fd, "open(" + path + ")");
        return fd;
    }

    /**
     * The clone flag of the namespace a descriptor refers to ({@code ioctl(NS_GET_NSTYPE)}, Linux 4.11); fails with
     * ENOTTY for a descriptor of anything but a namespace.
     */
    public int namespaceType(int fd) throws ErrnoException {
        int type = libc.ioctl(fd, NS_GET_NSTYPE, null);
        check(type, "ioctl(NS_GET_NSTYPE)");
        return type;
    }

    public void mount(String source, String target, String type, long flags, String data) throws ErrnoException {
        check(libc.mount(cString(source), cString(target), cString(type), flags, cString(data)),
                "mount(" + type + " on " + target + ")");
    }

    /**
     * A C string: the string's bytes in the file system's encoding (UTF-8 on Linux, as JNR would encode it), then a
     * NUL; null stays null, a NULL pointer.
     */
    static byte[] cString(String string) {
        if (string == null) {
            return null;
        }
        byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** Detaches the mount at {@code target} (and what is mounted below it) from this mount namespace. */
    public void detach(String target) throws ErrnoException {
        check(libc.umount2(cString(target), MNT_DETACH), "umount2(" + target + ", MNT_DETACH)");
    }

    public void setHostname(String name) throws ErrnoException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        check(libc.sethostname(bytes), "sethostname(" + name + ")");
    }

    public void setDomainname(String name) throws ErrnoException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        check(libc.setdomainname(bytes), "setdomainname(" + name + ")");
    }

    /** Brings a network interface up, as {@code ip link set NAME up} does. */
    public void bringUp(String interfaceName) throws ErrnoException {
        int socket = libc.socket(AF_INET, SOCK_DGRAM, 0);
        check(socket, "socket(AF_INET, SOCK_DGRAM)");
        try {
            byte[] request = new byte[IFREQ_BYTES];
            byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, request, 0, Math.min(name.length, IFNAMSIZ - 1));
            check(libc.ioctl(socket, SIOCGIFFLAGS, request), "ioctl(SIOCGIFFLAGS, " + interfaceName + ")");
            ByteBuffer flags = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
            flags.putShort(IFNAMSIZ, (short) (flags.getShort(IFNAMSIZ) | IFF_UP));
            check(libc.ioctl(socket, SIOCSIFFLAGS, request), "ioctl(SIOCSIFFLAGS, " + interfaceName + " up)");
        }
        finally {
            libc.close(socket);
        }
    }

    /**
     * The flags of the mount holding {@code path} that a remount in a user namespace must keep: nosuid, nodev,
     * noexec and the access-time flags (statvfs reports them as ST_* values, mapped here to MS_*).
     */
    public long lockableMountFlags(String path) throws ErrnoException {
        long[] buffer = new long[STATVFS_WORDS];
        check(libc.statvfs(cString(path), buffer), "statvfs(" + path + ")");
        long stFlags = buffer[STATVFS_FLAG_WORD];
        long flags = 0;
        flags |= (stFlags & ST_NOSUID) != 0 ? MS_NOSUID : 0;
        flags |= (stFlags & ST_NODEV) != 0 ? MS_NODEV : 0;
        flags |= (stFlags & ST_NOEXEC) != 0 ? MS_NOEXEC : 0;
        flags |= (stFlags & ST_NOATIME) != 0 ? MS_NOATIME : 0;
        flags |= (stFlags & ST_NODIRATIME) != 0 ? MS_NODIRATIME : 0;
        flags |= (stFlags & ST_RELATIME) != 0 ? MS_RELATIME : 0;
        return flags;
    }

    /** While set, orphaned descendants re-parent to this process, so it can find, kill and reap all of them. */
    public void setChildSubreaper(boolean subreaper) throws ErrnoException {
        check(libc.prctl(PR_SET_CHILD_SUBREAPER, subreaper ? 1 : 0, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");
    }

    /** A close-on-exec pipe whose ends are numbered high enough to be mapped onto a child's fds 0 to 4. */
    public Pipe pipe() throws ErrnoException {
        int[] fds = new int[2];
        check(libc.pipe2(fds, O_CLOEXEC), "pipe2");
        return new Pipe(raiseAboveMappedRange(fds[0]), raiseAboveMappedRange(fds[1]));
    }

    private int raiseAboveMappedRange(int fd) throws ErrnoException {
        if (fd >= FIRST_UNMAPPED_FD) {
            return fd;
        }
        int raised = libc.fcntl(fd, F_DUPFD_CLOEXEC, FIRST_UNMAPPED_FD);
        check(raised, "fcntl(F_DUPFD_CLOEXEC)");
        close(fd);
        return raised;
    }

    /** A second, close-on-exec descriptor for what {@code fd} refers to, numbered above the child's fds 0 to 4. */
    public int duplicate(int fd) throws ErrnoException {
        int copy = libc.fcntl(fd, F_DUPFD_CLOEXEC, FIRST_UNMAPPED_FD);
        check(copy, "fcntl(F_DUPFD_CLOEXEC)");
        return copy;
    }

    public void setCloseOnExec(int fd) throws ErrnoException {
        check(libc.fcntl(fd, F_SETFD, FD_CLOEXEC), "fcntl(F_SETFD, FD_CLOEXEC)");
    }

    public void close(int fd) {
        libc.close(fd);
    }

    /** Reads at most {@code buffer.length} bytes; 0 means end of file. Retries on EINTR. */
    public int read(int fd, byte[] buffer) throws ErrnoException {
        while (true) {
            long n = libc.read(fd, buffer);
            if (n >= 0) {
                return (int) n;
            }
            int errno = libc.errno();
            if (errno != Errno.EINTR) {
                throw error("read", errno);
            }
        }
    }

    /** Writes all of {@code bytes}. Retries on EINTR and partial writes. */
    public void write(int fd, byte[] bytes) throws ErrnoException {
        byte[] remaining = bytes;
        while (remaining.length > 0) {
            long n = libc.write(fd, remaining);
            if (n < 0) {
                int errno = libc.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw error("write", errno);
            }
            remaining = java.util.Arrays.copyOfRange(remaining, (int) n, remaining.length);
        }
    }

    /** Sends a signal; false if the process no longer exists. */
    public boolean kill(long pid, int signal) {
        return libc.kill(Math.toIntExact(pid), signal) == 0;
    }

    /**
     * Waits for a child to change state.
     *
     * @return the status, or {@code null} with {@link #WNOHANG} when the child has not exited yet
     */
    public WaitStatus waitpid(long pid, int options) throws ErrnoException {
        int[] status = new int[1];
        while (true) {
            int result = libc.waitpid(Math.toIntExact(pid), status, options);
            if (result > 0) {
                return new WaitStatus(result, status[0]);
            }
            if (result == 0) {
                return null;
            }
            int errno = libc.errno();
            if (errno != Errno.EINTR) {
                throw error("waitpid", errno);
            }
        }
    }

    /** The CPU time this process has used so far, all its threads together, in nanoseconds. */
    public long processCpuNanos() throws ErrnoException {
        long[] time = new long[2];
        check(libc.clockGettime(CLOCK_PROCESS_CPUTIME_ID, time), "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
        return time[0] * NANOS_PER_SECOND + time[1];
    }

    /**
     * Waits for a child to exit, as {@link #waitpid} does, and tells what it used. The test JVM reaps its children
     * with this; a child JVM, which does not bind {@link SpawnLibC}, uses {@link #waitpid}.
     */
    public ReapedChild waitForExit(long pid) throws ErrnoException {
        int[] status = new int[1];
        // struct rusage: 2 timevals of 2 words, then 14 words
        long[] usage = new long[18];
        while (true) {
            int result = spawnLibc().wait4(Math.toIntExact(pid), status, 0, usage);
            if (result > 0) {
                return ReapedChild.of(new WaitStatus(result, status[0]), usage);
            }
            int errno = libc.errno();
            if (errno != Errno.EINTR) {
                throw error("wait4", errno);
            }
        }
    }

    /**
     * Reaps every child that has exited, without waiting; returns whether a child is left, still running. "No
     * child at all" is an answer here, not an exception: every child JVM asks at its end, and most have none (an
     * exception's message costs a call of {@code strerror}, and its classes, in every child).
     */
    public boolean reapExitedLeavesChildren() throws ErrnoException {
        int[] status = new int[1];
        while (true) {
            int result = libc.waitpid(-1, status, WNOHANG);
            if (result == 0) {
                return true;
            }
            if (result < 0) {
                int errno = libc.errno();
                if (errno == Errno.ECHILD) {
                    return false;
                }
                if (errno != Errno.EINTR) {
                    throw error("waitpid", errno);
                }
            }
        }
    }

    /**
     * Starts {@code argv[0]} (an absolute path) with {@code fdMap[i]} as its descriptor {@code i + 1}
     * and {@code /dev/null} as its standard input, in a new process group, with default signal handling
     * and every other descriptor closed. The child is created from the calling thread, so it is born in that
     * thread's namespaces.
     */
    public long spawn(List<String> argv, List<String> environment, int[] fdMap) throws ErrnoException {
        SpawnLibC spawning = spawnLibc();
        Runtime runtime = spawnRuntime();
        Pointer actions = Memory.allocateDirect(runtime, SPAWN_STRUCT_BYTES);
        Pointer attributes = Memory.allocateDirect(runtime, SPAWN_STRUCT_BYTES);
        Pointer emptySet = Memory.allocateDirect(runtime, SIGSET_BYTES);
        Pointer fullSet = Memory.allocateDirect(runtime, SIGSET_BYTES);
        check0(spawning.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check0(spawning.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                check0(spawning.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "addopen");
                for (int i = 0; i < fdMap.length; i++) {
                    check0(spawning.posix_spawn_file_actions_adddup2(actions, fdMap[i], i + 1), "adddup2");
                }
                closeEverythingFrom(spawning, actions, fdMap.length + 1);
                spawning.sigemptyset(emptySet);
                spawning.sigfillset(fullSet);
                check0(spawning.posix_spawnattr_setsigmask(attributes, emptySet), "posix_spawnattr_setsigmask");
                check0(spawning.posix_spawnattr_setsigdefault(attributes, fullSet), "posix_spawnattr_setsigdefault");
                check0(spawning.posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
                check0(spawning.posix_spawnattr_setflags(attributes,
                        (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)),
                        "posix_spawnattr_setflags");
                int[] pid = new int[1];
                // JNR frees native memory once its Pointer is garbage: every string posix_spawn reads must stay
                // reachable until it returns, not only the arrays that hold their addresses.
                List<Pointer> strings = new ArrayList<>();
                Pointer argvArray = stringArray(runtime, argv, strings);
                Pointer environmentArray = stringArray(runtime, environment, strings);
                try {
                    check0(spawning.posix_spawn(pid, argv.get(0), actions, attributes, argvArray, environmentArray),
                            "posix_spawn(" + argv.get(0) + ")");
                }
                finally {
                    Reference.reachabilityFence(strings);
                    Reference.reachabilityFence(argvArray);
                    Reference.reachabilityFence(environmentArray);
                    Reference.reachabilityFence(emptySet);
                    Reference.reachabilityFence(fullSet);
                }
                return pid[0];
            }
            finally {
                spawning.posix_spawnattr_destroy(attributes);
            }
        }
        finally {
            spawning.posix_spawn_file_actions_destroy(actions);
        }
    }

    private void closeEverythingFrom(SpawnLibC spawning, Pointer actions, int lowFd) throws ErrnoException {
        try {
            check0(spawning.posix_spawn_file_actions_addclosefrom_np(actions, lowFd), "addclosefrom_np");
        }
        catch (UnsatisfiedLinkError olderThanGlibc234) {
            // glibc < 2.34 has no closefrom action: close what is open now. A descriptor another thread opens
            // in the meantime may leak into the child, which only costs the child an open file.
            for (int fd : openDescriptors()) {
                if (fd >= lowFd) {
                    check0(spawning.posix_spawn_file_actions_addclose(actions, fd), "addclose");
                }
            }
        }
    }

    private static List<Integer> openDescriptors() {
        List<Integer> fds = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                fds.add(Integer.parseInt(entry.getFileName().toString()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list this process's open descriptors", e);
        }
        return fds;
    }

    /**
     * A NULL-terminated array of C strings in native memory, as execve takes argv and envp; each string's memory is
     * added to {@code keep}, which the caller must keep reachable while the array is read.
     */
    private static Pointer stringArray(Runtime runtime, List<String> strings, List<Pointer> keep) {
        int pointerSize = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (long) (strings.size() + 1) * pointerSize, true);
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = cString(strings.get(i));
            Pointer string = Memory.allocateDirect(runtime, bytes.length);
            string.put(0, bytes, 0, bytes.length);
            array.putPointer((long) i * pointerSize, string);
            keep.add(string);
        }
        return array;
    }

    private void check(int result, String call) throws ErrnoException {
        if (result < 0) {
            throw error(call, libc.errno());
        }
    }

    /** For the posix_spawn family, which returns the error number instead of setting errno. */
    private void check0(int result, String call) throws ErrnoException {
        if (result != 0) {
            throw error(call, result);
        }
    }

    private ErrnoException error(String call, int errno) {
        return new ErrnoException(call, errno, libc.strerror(errno));
    }

    public static String cloneFlagNames(int flags) {
        List<String> names = new ArrayList<>();
        for (NamespaceType type : NamespaceType.values()) {
            if ((flags & type.cloneFlag()) != 0) {
                names.add(type.cloneFlagName());
            }
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
