package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;

// tag::hardened[]
@IsolatedMount(tmpfs = "/srv")
class HardenedTest {
    @Test
    void keepsRootsFilesButNotTheHostsKnobs() throws Exception {
        Path file = Files.writeString(Path.of("/srv/owned"), "x");
        Files.setAttribute(file, "unix:uid", 1234); // chown works: every id is mapped
        assertEquals(1234, Files.getAttribute(file, "unix:uid"));

        Path swappiness = Path.of("/proc/sys/vm/swappiness"); // one knob for the whole machine
        String unchanged = Files.readString(swappiness);
        assertThrows(FileSystemException.class, () -> Files.writeString(swappiness, unchanged)); // read-only here
    }
}
// end::hardened[]
