package dev.nsunit.internal.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The libc functions nsunit calls, bound with JNR-FFI. Every system call of the library goes through here;
 * {@link Linux} wraps them with errno handling so no caller sees a raw return code.
 */
public interface LibC {

    int unshare(int flags);

    int mount(String source, String target, String filesystemType, long flags, String data);

    int umount2(String target, int flags);

    int sethostname(@In byte[] name, long length);

    int setdomainname(@In byte[] name, long length);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int pipe2(@Out int[] fds, int flags);

    int close(int fd);

    long read(int fd, @Out byte[] buffer, long count);

    long write(int fd, @In byte[] buffer, long count);

    int fcntl(int fd, int command, int argument);

    int kill(int pid, int signal);

    int socket(int domain, int type, int protocol);

    int ioctl(int fd, long request, Pointer argument);

    int statvfs(String path, Pointer buffer);

    int getuid();

    int getgid();

    int waitpid(int pid, @Out int[] status, int options);

    String strerror(int errno);

    int posix_spawn(@Out int[] pid, String path, Pointer fileActions, Pointer attributes, Pointer argv, Pointer envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int lowFd);

    int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setpgroup(Pointer attributes, int processGroup);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer signalSet);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signalSet);

    int posix_spawnattr_destroy(Pointer attributes);

    int sigemptyset(Pointer signalSet);

    int sigfillset(Pointer signalSet);
}
