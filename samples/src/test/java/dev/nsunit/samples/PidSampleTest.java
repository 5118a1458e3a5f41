package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedPid;

/**
 * {@code @IsolatedPid}: the test's JVM is process 1 of a PID namespace of its own, and every process it starts
 * lives and dies there. With {@code @IsolatedMount} too, {@code /proc} is remounted for the namespace, so
 * {@code ProcessHandle.allProcesses()} and {@code ps} see the test's processes only.
 */
@IsolatedPid
@IsolatedMount
class PidSampleTest {

    @Test
    void isProcessOne() {
        assertThat(ProcessHandle.current().pid()).isEqualTo(1);
    }

    @Test
    void seesOnlyItsOwnProcesses() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(ProcessHandle.allProcesses().map(ProcessHandle::pid)).containsExactlyInAnyOrder(1L,
                    sleeper.pid());
        }
        finally {
            sleeper.destroy();
        }
    }
}
