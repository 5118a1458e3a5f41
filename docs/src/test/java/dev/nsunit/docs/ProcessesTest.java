package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedPid;

// tag::pid[]
@IsolatedPid
@IsolatedMount // so that /proc is remounted, showing only the test's processes
class ProcessesTest {
    @Test
    void isProcessOneAndAlone() {
        assertEquals(1, ProcessHandle.current().pid());
        assertEquals(1, ProcessHandle.allProcesses().count());
    }
}
// end::pid[]
