package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.MessageQueues;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.PosixSharedMemory;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class IpcIsolationTest {

    private static final String QUEUE = "/nsunit-spec-queue";

    @Test
    void systemVObjectsTheTestCreatesStayInTheChild() {
        Fixtures.run(CreatesSharedMemory.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void posixMessageQueuesTheTestCreatesStayInTheChild() {
        Fixtures.run(CreatesMessageQueue.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(MessageQueues.exists(QUEUE)).as("the queue on the host").isFalse();
    }

    @Test
    void posixSharedMemoryAndSemaphoresTheTestCreatesStayInTheChild() {
        Fixtures.run(CreatesPosixObjects.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(Path.of("/dev/shm/nsunit-spec-object")).as("the object on the host").doesNotExist();
        assertThat(Path.of("/dev/shm/sem.nsunit-spec-semaphore")).as("the semaphore on the host").doesNotExist();
    }

    static class CreatesPosixObjects {
        @Test
        @IsolatedIpc
        void createsBoth() {
            assertThat(Path.of("/dev/shm")).isEmptyDirectory();
            PosixSharedMemory.createObject("/nsunit-spec-object");
            PosixSharedMemory.createSemaphore("/nsunit-spec-semaphore");
            assertThat(Path.of("/dev/shm/nsunit-spec-object")).exists();
            assertThat(Path.of("/dev/shm/sem.nsunit-spec-semaphore")).exists();
        }
    }

    static class CreatesSharedMemory {
        @Test
        @IsolatedIpc
        void createsASegment() throws Exception {
            assertThat(Files.readAllLines(Path.of("/proc/sysvipc/shm"))).as("no segment but the test's").hasSize(1);
            Process ipcmk = new ProcessBuilder("ipcmk", "--shmem", "4096").inheritIO().start();
            assertThat(ipcmk.waitFor()).isZero();
            assertThat(Files.readAllLines(Path.of("/proc/sysvipc/shm"))).hasSize(2);
        }
    }

    static class CreatesMessageQueue {
        @Test
        @IsolatedIpc
        void createsAQueue() {
            assertThat(MessageQueues.exists(QUEUE)).isFalse();
            MessageQueues.create(QUEUE);
            assertThat(MessageQueues.exists(QUEUE)).isTrue();
        }
    }
}
