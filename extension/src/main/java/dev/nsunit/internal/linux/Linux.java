package dev.nsunit.internal.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 0x4000;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int SIGKILL = 9;
    public static final int SIGSTOP = 19;
    public static final int WNOHANG = 1;

    private static final long MS_NOATIME = 1024;
    private static final long MS_NODIRATIME = 2048;
    private static final long MS_RELATIME = 1 << 21;
    private static final long ST_NOSUID = 2;
    private static final long ST_NODEV = 4;
    private static final long ST_NOEXEC = 8;
    private static final long ST_NOATIME = 1024;
    private static final long ST_NODIRATIME = 2048;
    private static final long ST_RELATIME = 4096;
    /** struct statvfs on 64-bit Linux: eleven 8-byte fields (f_flag is the tenth) and 24 spare bytes. */
    private static final int STATVFS_BYTES = 112;
    private static final int STATVFS_FLAG_OFFSET = 72;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    /** struct ifreq: a 16-byte interface name, then a union whose first member is the short flags. */
    private static final int IFREQ_BYTES = 40;
    private static final int IFNAMSIZ = 16;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int F_SETFD = 2;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int FD_CLOEXEC = 1;
    private static final int POSIX_SPAWN_SETPGROUP = 0x02;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Pipe ends the parent hands to a child are kept at or above this, so dup2 onto 0..4 never clobbers one. */
    private static final int FIRST_UNMAPPED_FD = 10;
    /** glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on x86_64/aarch64. */
    private static final int SPAWN_STRUCT_BYTES = 1024;
    private static final int SIGSET_BYTES = 128;

    private static volatile Linux instance;

    private final LibC libc;

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
            LibC libc = LibC.load();
            // Loads jffi's native library here, on an ordinary thread, and proves the binding works.
            libc.callInt("getpid");
            return new Linux(libc);
        }
        catch (LinkageError | RuntimeException e) {
            throw new UnsupportedOperationException("Cannot bind libc through jffi: " + e, e);
        }
    }

    public void unshare(int flags) throws ErrnoException {
        check(libc.callInt("unshare", flags), "unshare(" + cloneFlagNames(flags) + ")");
    }

    public void mount(String source, String target, String type, long flags, String data) throws ErrnoException {
        long[] strings = {LibC.string(source), LibC.string(target), LibC.string(type), LibC.string(data)};
        try {
            check(libc.callInt("mount", strings[0], strings[1], strings[2], flags, strings[3]),
                    "mount(" + type + " on " + target + ")");
        }
        finally {
            for (long string : strings) {
                LibC.free(string);
            }
        }
    }

    public void setHostname(String name) throws ErrnoException {
        setName("sethostname", name);
    }

    public void setDomainname(String name) throws ErrnoException {
        setName("setdomainname", name);
    }

    private void setName(String function, String name) throws ErrnoException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        long buffer = LibC.allocate(bytes.length + 1L);
        try {
            LibC.put(buffer, bytes, bytes.length);
            check(libc.callInt(function, buffer, bytes.length), function + "(" + name + ")");
        }
        finally {
            LibC.free(buffer);
        }
    }

    /** Brings a network interface up, as {@code ip link set NAME up} does. */
    public void bringUp(String interfaceName) throws ErrnoException {
        int socket = libc.callInt("socket", AF_INET, SOCK_DGRAM, 0);
        check(socket, "socket(AF_INET, SOCK_DGRAM)");
        long request = LibC.allocate(IFREQ_BYTES);
        try {
            byte[] name = interfaceName.getBytes(StandardCharsets.US_ASCII);
            LibC.put(request, name, Math.min(name.length, IFNAMSIZ - 1));
            check(libc.callInt("ioctl", socket, SIOCGIFFLAGS, request), "ioctl(SIOCGIFFLAGS, " + interfaceName + ")");
            LibC.putShort(request + IFNAMSIZ, (short) (LibC.getShort(request + IFNAMSIZ) | IFF_UP));
            check(libc.callInt("ioctl", socket, SIOCSIFFLAGS, request),
                    "ioctl(SIOCSIFFLAGS, " + interfaceName + " up)");
        }
        finally {
            LibC.free(request);
            close(socket);
        }
    }

    /**
     * The flags of the mount holding {@code path} that a remount in a user namespace must keep: nosuid, nodev,
     * noexec and the access-time flags (statvfs reports them as ST_* values, mapped here to MS_*).
     */
    public long lockableMountFlags(String path) throws ErrnoException {
        long buffer = LibC.allocate(STATVFS_BYTES);
        long pathString = LibC.string(path);
        long stFlags;
        try {
            check(libc.callInt("statvfs", pathString, buffer), "statvfs(" + path + ")");
            stFlags = LibC.getLong(buffer + STATVFS_FLAG_OFFSET);
        }
        finally {
            LibC.free(pathString);
            LibC.free(buffer);
        }
        long flags = 0;
        flags |= (stFlags & ST_NOSUID) != 0 ? MS_NOSUID : 0;
        flags |= (stFlags & ST_NODEV) != 0 ? MS_NODEV : 0;
        flags |= (stFlags & ST_NOEXEC) != 0 ? MS_NOEXEC : 0;
        flags |= (stFlags & ST_NOATIME) != 0 ? MS_NOATIME : 0;
        flags |= (stFlags & ST_NODIRATIME) != 0 ? MS_NODIRATIME : 0;
        flags |= (stFlags & ST_RELATIME) != 0 ? MS_RELATIME : 0;
        return flags;
    }

    public int uid() {
        return libc.callInt("getuid");
    }

    public int gid() {
        return libc.callInt("getgid");
    }

    /** While set, orphaned descendants re-parent to this process, so it can find, kill and reap all of them. */
    public void setChildSubreaper(boolean subreaper) throws ErrnoException {
        check(libc.callInt("prctl", PR_SET_CHILD_SUBREAPER, subreaper ? 1 : 0, 0, 0, 0),
                "prctl(PR_SET_CHILD_SUBREAPER)");
    }

    /** A close-on-exec pipe whose ends are numbered high enough to be mapped onto a child's fds 0 to 4. */
    public Pipe pipe() throws ErrnoException {
        long fds = LibC.allocate(2 * Integer.BYTES);
        int readFd;
        int writeFd;
        try {
            check(libc.callInt("pipe2", fds, O_CLOEXEC), "pipe2");
            readFd = LibC.getInt(fds);
            writeFd = LibC.getInt(fds + Integer.BYTES);
        }
        finally {
            LibC.free(fds);
        }
        return new Pipe(raiseAboveMappedRange(readFd), raiseAboveMappedRange(writeFd));
    }

    private int raiseAboveMappedRange(int fd) throws ErrnoException {
        if (fd >= FIRST_UNMAPPED_FD) {
            return fd;
        }
        int raised = libc.callInt("fcntl", fd, F_DUPFD_CLOEXEC, FIRST_UNMAPPED_FD);
        check(raised, "fcntl(F_DUPFD_CLOEXEC)");
        close(fd);
        return raised;
    }

    public void setCloseOnExec(int fd) throws ErrnoException {
        check(libc.callInt("fcntl", fd, F_SETFD, FD_CLOEXEC), "fcntl(F_SETFD, FD_CLOEXEC)");
    }

    public void close(int fd) {
        libc.callInt("close", fd);
    }

    /** Reads at most {@code buffer.length} bytes; 0 means end of file. Retries on EINTR. */
    public int read(int fd, byte[] buffer) throws ErrnoException {
        long memory = LibC.allocate(buffer.length);
        try {
            while (true) {
                long n = libc.callLong("read", fd, memory, buffer.length);
                if (n >= 0) {
                    LibC.get(memory, buffer, (int) n);
                    return (int) n;
                }
                int errno = libc.lastError();
                if (errno != Errno.EINTR) {
                    throw error("read", errno);
                }
            }
        }
        finally {
            LibC.free(memory);
        }
    }

    /** Writes all of {@code bytes}. Retries on EINTR and partial writes. */
    public void write(int fd, byte[] bytes) throws ErrnoException {
        long memory = LibC.allocate(Math.max(1, bytes.length));
        try {
            LibC.put(memory, bytes, bytes.length);
            long written = 0;
            while (written < bytes.length) {
                long n = libc.callLong("write", fd, memory + written, bytes.length - written);
                if (n < 0) {
                    int errno = libc.lastError();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw error("write", errno);
                }
                written += n;
            }
        }
        finally {
            LibC.free(memory);
        }
    }

    /** Sends a signal; false if the process no longer exists. */
    public boolean kill(long pid, int signal) {
        return libc.callInt("kill", Math.toIntExact(pid), signal) == 0;
    }

    /**
     * Waits for a child to change state.
     *
     * @return the status, or {@code null} with {@link #WNOHANG} when the child has not exited yet
     */
    public WaitStatus waitpid(long pid, int options) throws ErrnoException {
        long status = LibC.allocate(Integer.BYTES);
        try {
            while (true) {
                int result = libc.callInt("waitpid", Math.toIntExact(pid), status, options);
                if (result > 0) {
                    return new WaitStatus(result, LibC.getInt(status));
                }
                if (result == 0) {
                    return null;
                }
                int errno = libc.lastError();
                if (errno != Errno.EINTR) {
                    throw error("waitpid", errno);
                }
            }
        }
        finally {
            LibC.free(status);
        }
    }

    /**
     * Starts {@code argv[0]} (an absolute path) with {@code fdMap[i]} as its descriptor {@code i + 1}
     * and {@code /dev/null} as its standard input, in a new process group, with default signal handling
     * and every other descriptor closed. The child is created from the calling thread, so it is born in that
     * thread's namespaces.
     */
    public long spawn(List<String> argv, List<String> environment, int[] fdMap) throws ErrnoException {
        List<Long> allocated = new ArrayList<>();
        try {
            long actions = track(allocated, LibC.allocate(SPAWN_STRUCT_BYTES));
            long attributes = track(allocated, LibC.allocate(SPAWN_STRUCT_BYTES));
            long emptySet = track(allocated, LibC.allocate(SIGSET_BYTES));
            long fullSet = track(allocated, LibC.allocate(SIGSET_BYTES));
            long devNull = track(allocated, LibC.string("/dev/null"));
            long path = track(allocated, LibC.string(argv.get(0)));
            long argvArray = stringArray(argv, allocated);
            long envArray = stringArray(environment, allocated);
            long pid = track(allocated, LibC.allocate(Integer.BYTES));
            check0(libc.callInt("posix_spawn_file_actions_init", actions), "posix_spawn_file_actions_init");
            try {
                check0(libc.callInt("posix_spawnattr_init", attributes), "posix_spawnattr_init");
                try {
                    check0(libc.callInt("posix_spawn_file_actions_addopen", actions, 0, devNull, O_RDONLY, 0),
                            "addopen");
                    for (int i = 0; i < fdMap.length; i++) {
                        check0(libc.callInt("posix_spawn_file_actions_adddup2", actions, fdMap[i], i + 1),
                                "adddup2");
                    }
                    closeEverythingFrom(actions, fdMap.length + 1);
                    libc.callInt("sigemptyset", emptySet);
                    libc.callInt("sigfillset", fullSet);
                    check0(libc.callInt("posix_spawnattr_setsigmask", attributes, emptySet),
                            "posix_spawnattr_setsigmask");
                    check0(libc.callInt("posix_spawnattr_setsigdefault", attributes, fullSet),
                            "posix_spawnattr_setsigdefault");
                    check0(libc.callInt("posix_spawnattr_setpgroup", attributes, 0), "posix_spawnattr_setpgroup");
                    check0(libc.callInt("posix_spawnattr_setflags", attributes,
                            POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK),
                            "posix_spawnattr_setflags");
                    check0(libc.callInt("posix_spawn", pid, path, actions, attributes, argvArray, envArray),
                            "posix_spawn(" + argv.get(0) + ")");
                    return LibC.getInt(pid);
                }
                finally {
                    libc.callInt("posix_spawnattr_destroy", attributes);
                }
            }
            finally {
                libc.callInt("posix_spawn_file_actions_destroy", actions);
            }
        }
        finally {
            for (long address : allocated) {
                LibC.free(address);
            }
        }
    }

    private void closeEverythingFrom(long actions, int lowFd) throws ErrnoException {
        if (libc.has("posix_spawn_file_actions_addclosefrom_np")) {
            check0(libc.callInt("posix_spawn_file_actions_addclosefrom_np", actions, lowFd), "addclosefrom_np");
            return;
        }
        // glibc < 2.34 has no closefrom action: close what is open now. A descriptor another thread opens
        // in the meantime may leak into the child, which only costs the child an open file.
        for (int fd : openDescriptors()) {
            if (fd >= lowFd) {
                check0(libc.callInt("posix_spawn_file_actions_addclose", actions, fd), "addclose");
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

    /** A NULL-terminated array of NUL-terminated strings in native memory, each allocation tracked. */
    private static long stringArray(List<String> strings, List<Long> allocated) {
        long array = track(allocated, LibC.allocate((strings.size() + 1L) * Long.BYTES));
        for (int i = 0; i < strings.size(); i++) {
            LibC.putAddress(array + (long) i * Long.BYTES, track(allocated, LibC.string(strings.get(i))));
        }
        return array;
    }

    private static long track(List<Long> allocated, long address) {
        allocated.add(address);
        return address;
    }

    private void check(int result, String call) throws ErrnoException {
        if (result < 0) {
            throw error(call, libc.lastError());
        }
    }

    /** For the posix_spawn family, which returns the error number instead of setting errno. */
    private void check0(int result, String call) throws ErrnoException {
        if (result != 0) {
            throw error(call, result);
        }
    }

    private ErrnoException error(String call, int errno) {
        return new ErrnoException(call, errno, LibC.readString(libc.callLong("strerror", errno)));
    }

    static String cloneFlagNames(int flags) {
        List<String> names = new ArrayList<>();
        for (NamespaceType type : NamespaceType.values()) {
            if ((flags & type.cloneFlag()) != 0) {
                names.add(type.cloneFlagName());
            }
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
