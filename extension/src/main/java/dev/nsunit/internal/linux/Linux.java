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

    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_REC = 0x4000;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int SIGKILL = 9;
    public static final int SIGSTOP = 19;
    public static final int WNOHANG = 1;

    private static final int PR_SET_CHILD_SUBREAPER = 36;
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
    private final Runtime runtime;

    private Linux(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
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
            return new Linux(LibraryLoader.create(LibC.class).load("c"));
        }
        catch (LinkageError | RuntimeException e) {
            throw new UnsupportedOperationException("Cannot bind libc through JNR-FFI: " + e, e);
        }
    }

    public void unshare(int flags) throws ErrnoException {
        check(libc.unshare(flags), "unshare(" + cloneFlagNames(flags) + ")");
    }

    public void mount(String source, String target, String type, long flags, String data) throws ErrnoException {
        check(libc.mount(source, target, type, flags, data), "mount(" + type + " on " + target + ")");
    }

    public void setHostname(String name) throws ErrnoException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        check(libc.sethostname(bytes, bytes.length), "sethostname(" + name + ")");
    }

    public void setDomainname(String name) throws ErrnoException {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        check(libc.setdomainname(bytes, bytes.length), "setdomainname(" + name + ")");
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

    public void setCloseOnExec(int fd) throws ErrnoException {
        check(libc.fcntl(fd, F_SETFD, FD_CLOEXEC), "fcntl(F_SETFD, FD_CLOEXEC)");
    }

    public void close(int fd) {
        libc.close(fd);
    }

    /** Reads at most {@code buffer.length} bytes; 0 means end of file. Retries on EINTR. */
    public int read(int fd, byte[] buffer) throws ErrnoException {
        while (true) {
            long n = libc.read(fd, buffer, buffer.length);
            if (n >= 0) {
                return (int) n;
            }
            int errno = runtime.getLastError();
            if (errno != Errno.EINTR) {
                throw error("read", errno);
            }
        }
    }

    /** Writes all of {@code bytes}. Retries on EINTR and partial writes. */
    public void write(int fd, byte[] bytes) throws ErrnoException {
        byte[] remaining = bytes;
        while (remaining.length > 0) {
            long n = libc.write(fd, remaining, remaining.length);
            if (n < 0) {
                int errno = runtime.getLastError();
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
            int errno = runtime.getLastError();
            if (errno != Errno.EINTR) {
                throw error("waitpid", errno);
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
        Pointer actions = Memory.allocateDirect(runtime, SPAWN_STRUCT_BYTES);
        Pointer attributes = Memory.allocateDirect(runtime, SPAWN_STRUCT_BYTES);
        Pointer emptySet = Memory.allocateDirect(runtime, SIGSET_BYTES);
        Pointer fullSet = Memory.allocateDirect(runtime, SIGSET_BYTES);
        check0(libc.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            check0(libc.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            try {
                check0(libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "addopen");
                for (int i = 0; i < fdMap.length; i++) {
                    check0(libc.posix_spawn_file_actions_adddup2(actions, fdMap[i], i + 1), "adddup2");
                }
                closeEverythingFrom(actions, fdMap.length + 1);
                libc.sigemptyset(emptySet);
                libc.sigfillset(fullSet);
                check0(libc.posix_spawnattr_setsigmask(attributes, emptySet), "posix_spawnattr_setsigmask");
                check0(libc.posix_spawnattr_setsigdefault(attributes, fullSet), "posix_spawnattr_setsigdefault");
                check0(libc.posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
                check0(libc.posix_spawnattr_setflags(attributes,
                        (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)),
                        "posix_spawnattr_setflags");
                int[] pid = new int[1];
                check0(libc.posix_spawn(pid, argv.get(0), actions, attributes, stringArray(argv),
                        stringArray(environment)), "posix_spawn(" + argv.get(0) + ")");
                return pid[0];
            }
            finally {
                libc.posix_spawnattr_destroy(attributes);
            }
        }
        finally {
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    private void closeEverythingFrom(Pointer actions, int lowFd) throws ErrnoException {
        try {
            check0(libc.posix_spawn_file_actions_addclosefrom_np(actions, lowFd), "addclosefrom_np");
        }
        catch (UnsatisfiedLinkError olderThanGlibc234) {
            // glibc < 2.34 has no closefrom action: close what is open now. A descriptor another thread opens
            // in the meantime may leak into the child, which only costs the child an open file.
            for (int fd : openDescriptors()) {
                if (fd >= lowFd) {
                    check0(libc.posix_spawn_file_actions_addclose(actions, fd), "addclose");
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

    private Pointer stringArray(List<String> strings) {
        int pointerSize = runtime.addressSize();
        Pointer array = Memory.allocateDirect(runtime, (long) (strings.size() + 1) * pointerSize, true);
        for (int i = 0; i < strings.size(); i++) {
            byte[] bytes = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer string = Memory.allocateDirect(runtime, bytes.length + 1, true);
            string.put(0, bytes, 0, bytes.length);
            array.putPointer((long) i * pointerSize, string);
        }
        return array;
    }

    private void check(int result, String call) throws ErrnoException {
        if (result < 0) {
            throw error(call, runtime.getLastError());
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

    static String cloneFlagNames(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & CLONE_NEWNS) != 0) {
            names.add("CLONE_NEWNS");
        }
        if ((flags & CLONE_NEWUTS) != 0) {
            names.add("CLONE_NEWUTS");
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
