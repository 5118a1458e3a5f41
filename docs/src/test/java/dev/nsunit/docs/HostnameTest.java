package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

// tag::getting-started[]
@IsolatedUts(hostname = "bizarro")
class HostnameTest {
    @Test
    void seesItsOwnHostname() throws Exception {
        assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
    }
}
// end::getting-started[]
