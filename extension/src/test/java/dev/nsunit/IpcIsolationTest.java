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
