package dev.nsunit.support;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/** POSIX shared memory objects and named semaphores, which no JDK API reaches; both live in /dev/shm. */
public final class PosixSharedMemory {

    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;

    /** The calls needed, from libc (glibc 2.34 and later; librt before). */
    public interface Rt {
        int shm_open(String name, int flags, int mode);

        Pointer sem_open(String name, int flags, int mode, int value);

        int sem_close(Pointer semaphore);

        int close(int fd);
    }

    private static final Rt RT = LibraryLoader.create(Rt.class).load("rt");

    private PosixSharedMemory() {
    }

    /** {@code shm_open(name, O_CREAT)}: creates {@code /dev/shm/NAME}. */
    public static void createObject(String name) {
        int fd = RT.shm_open(name, O_CREAT | O_RDWR, 0600);
        if (fd < 0) {
            throw new IllegalStateException("shm_open(" + name + ", O_CREAT) failed");
        }
        RT.close(fd);
    }

    /** {@code sem_open(name, O_CREAT)}: creates {@code /dev/shm/sem.NAME}. */
    public static void createSemaphore(String name) {
        Pointer semaphore = RT.sem_open(name, O_CREAT, 0600, 1);
        if (semaphore == null || semaphore.address() == 0 || semaphore.address() == -1) {
            throw new IllegalStateException("sem_open(" + name + ", O_CREAT) failed");
        }
        RT.sem_close(semaphore);
    }
}
