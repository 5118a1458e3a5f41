package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedPid;
import dev.nsunit.Limits;

/**
 * {@code @Limits}: the test's child JVM and every process it starts share a memory limit and a limit on processes
 * and threads, in cgroups nsunit creates for the child and removes after it. A process that needs more memory is
 * killed by the kernel; beyond the pids limit no thread can be started.
 */
@IsolatedPid
@IsolatedMount
@Limits(memory = "128 MiB", pids = 64)
class LimitsSampleTest {

    @Test
    void aProcessThatNeedsMoreMemoryIsKilledByTheKernel() throws Exception {
        // dd fills a buffer of 256 MiB: the largest process of the test's cgroup, so the one the kernel kills.
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1").start();

        assertThat(dd.waitFor()).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void beyondThePidsLimitNoThreadStarts() {
        CountDownLatch end = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        try {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    Thread thread = new Thread(() -> awaitQuietly(end));
                    thread.start();
                    started.add(thread);
                }
            }).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("unable to create native thread");
            assertThat(started).hasSizeLessThan(64);
        }
        finally {
            end.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch end) {
        try {
            end.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
