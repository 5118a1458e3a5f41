package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedIpc;

// tag::ipc[]
@IsolatedIpc
class SharedMemoryTest {
    @Test
    void startsWithNoSharedMemorySegments() throws Exception {
        assertEquals(1, Files.readAllLines(Path.of("/proc/sysvipc/shm")).size()); // the header line only
    }
}
// end::ipc[]
