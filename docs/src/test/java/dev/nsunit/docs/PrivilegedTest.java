package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.Privileged;

// tag::privileged[]
@Privileged // say, to mount a disk image: only the host's root may
@IsolatedMount(tmpfs = "/mnt")
class PrivilegedTest {
    @Test
    void sharesTheTestJvmsUserNamespace() throws Exception {
        long testJvm = ProcessHandle.current().parent().orElseThrow().pid(); // the child's parent
        assertEquals(Files.readSymbolicLink(Path.of("/proc/" + testJvm + "/ns/user")),
                Files.readSymbolicLink(Path.of("/proc/self/ns/user")));
    }
}
// end::privileged[]
