package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

// tag::composed-use[]
class InBizarroWorldTest {
    @Test
    @InBizarroWorld
    void getsEverythingTheComposedAnnotationStandsFor() throws Exception {
        assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        try (var entries = Files.list(Path.of("/srv"))) {
            assertEquals(0, entries.count());
        }
    }
}
// end::composed-use[]
