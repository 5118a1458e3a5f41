package dev.nsunit.docs;

// tag::readme[]
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;

@IsolatedUts(hostname = "bizarro")
@IsolatedMount(tmpfs = "/srv")
class BizarroTest {

    @Test
    void hasItsOwnHostnameAndScratchSpace() throws Exception {
        assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        try (var entries = Files.list(Path.of("/srv"))) {
            assertEquals(0, entries.count()); // a fresh, empty tmpfs in every test
        }
        Files.writeString(Path.of("/srv/data.txt"), "never reaches the real /srv");
    }
}
// end::readme[]
