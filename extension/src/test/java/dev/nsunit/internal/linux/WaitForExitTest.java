package dev.nsunit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class WaitForExitTest {

    private static final List<String> ENVIRONMENT = List.of("PATH=/usr/bin:/bin");

    @Test
    void aReapedChildTellsHowItEnded() throws Exception {
        Linux linux = Linux.get();
        long pid = linux.spawn(List.of("/bin/sh", "-c", "exit 3"), ENVIRONMENT, new int[] {1, 2});

        ReapedChild reaped = linux.waitForExit(pid);

        assertThat(reaped.status().pid()).isEqualTo(pid);
        assertThat(reaped.status().exitCode()).isEqualTo(3);
    }

    /** The shell runs dd and waits for it; dd spends most of its time copying 1 GiB from /dev/zero. */
    @Test
    void aReapedChildTellsTheCpuTimeItAndWhatItReapedUsed() throws Exception {
        Linux linux = Linux.get();
        long pid = linux.spawn(List.of("/bin/sh", "-c", "dd if=/dev/zero of=/dev/null bs=1M count=1024 2>/dev/null; :"),
                ENVIRONMENT, new int[] {1, 2});
        long started = System.nanoTime();

        ReapedChild reaped = linux.waitForExit(pid);

        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        assertThat(reaped.status().exitCode()).isZero();
        // at least a tenth of its life on a CPU; no more than all of it, the processes running one at a time
        assertThat(reaped.cpu()).isGreaterThan(wall.dividedBy(10)).isLessThan(wall.plusMillis(10));
    }
}
