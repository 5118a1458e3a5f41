package dev.nsunit.internal.linux;

/**
 * The libc functions a child JVM calls (the test JVM calls them too), bound with JNR-FFI; {@link Linux} wraps them
 * with errno handling so no caller sees a raw return code. What only the test JVM calls, to create namespaces and
 * start children, is in {@link SpawnLibC}, which a child never binds.
 *
 * <p>Kept small, and without JNR's {@code @In}/{@code @Out} annotations, because every child binds it: JNR's
 * reflective binding generates a proxy class with a method per function, and one more proxy class per annotation
 * type it reads, at run time in every JVM (measured: about 30 ms of CPU for the whole libc interface with its
 * annotations). Without the annotations an array argument is copied in and back out, a few bytes. Strings go in
 * as NUL-terminated bytes ({@link Linux#cString}) for the same reason: a {@code String} parameter brings JNR's
 * converter classes, whose annotations it reads through seven more proxy classes in every child.
 */
public interface LibC {

    /** Each string: NUL-terminated bytes, or null for none. */
    int mount(byte[] source, byte[] target, byte[] filesystemType, long flags, byte[] data);

    int umount2(byte[] target, int flags);

    int sethostname(byte[] name, long length);

    int setdomainname(byte[] name, long length);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int close(int fd);

    long read(int fd, byte[] buffer, long count);

    long write(int fd, byte[] buffer, long count);

    int fcntl(int fd, int command, int argument);

    int kill(int pid, int signal);

    int socket(int domain, int type, int protocol);

    /** {@code argument}: the struct the request reads and fills, as bytes (an array, so no native memory). */
    int ioctl(int fd, long request, byte[] argument);

    /** {@code buffer}: struct statvfs as 8-byte words (an array, so no native memory). */
    int statvfs(byte[] path, long[] buffer);

    int waitpid(int pid, int[] status, int options);

    String strerror(int errno);
}
