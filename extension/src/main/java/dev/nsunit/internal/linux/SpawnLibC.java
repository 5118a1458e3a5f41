package dev.nsunit.internal.linux;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;

/**
 * The libc functions only the test JVM calls: new namespaces for a spawner thread (or joining existing ones, for
 * {@code @JoinNamespace}), {@code posix_spawn} with its file actions and attributes, which take native memory, and
 * {@code wait4}, which reaps a child with what it used. An interface JNR-FFI binds, when first needed, so that a
 * child JVM, which never spawns, never pays for binding them (see {@link LibC}).
 */
public interface SpawnLibC {

    int unshare(int flags);

    int setns(int fd, int namespaceType);

    int open(String path, int flags);

    /** {@code usage}: struct rusage as 8-byte words (two timevals, then fourteen longs). */
    int wait4(int pid, int[] status, int options, long[] usage);

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
