package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedIpc;

/**
 * {@code @IsolatedIpc}: System V shared memory, semaphores and message queues (and POSIX message queues) that
 * the test creates live in its own IPC namespace, start out empty, and vanish with the test.
 */
@IsolatedIpc
class IpcSampleTest {

    @Test
    void createsSharedMemoryThatNobodyElseSees() throws Exception {
        assertThat(segments()).isZero();

        Process ipcmk = new ProcessBuilder("ipcmk", "--shmem", "4096").inheritIO().start();
        assertThat(ipcmk.waitFor()).isZero();

        assertThat(segments()).isEqualTo(1);
    }

    /** The shared memory segments in this IPC namespace: /proc/sysvipc/shm has a header line, then one a segment. */
    private static long segments() throws IOException {
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).size() - 1;
    }
}
