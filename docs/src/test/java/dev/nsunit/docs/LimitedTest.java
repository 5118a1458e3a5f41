package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedPid;
import dev.nsunit.Limits;

// tag::limits[]
@IsolatedPid
@Limits(memory = "128 MiB", pids = 64, cpus = 0.5)
class LimitedTest {
    @Test
    void aProcessThatNeedsMoreMemoryIsKilled() throws Exception {
        Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1").start();
        assertEquals(128 + 9, dd.waitFor()); // SIGKILL, from the kernel
    }
}
// end::limits[]
