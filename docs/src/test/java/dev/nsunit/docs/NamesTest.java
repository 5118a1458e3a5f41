package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

// tag::uts[]
@IsolatedUts(hostname = "bizarro")
class NamesTest {
    @Test
    @IsolatedUts(domainname = "example.test") // adds to the class's annotation
    void hasTheClassesHostnameAndItsOwnDomainName() throws Exception {
        assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        assertEquals("example.test", Files.readString(Path.of("/proc/sys/kernel/domainname")).strip());
    }
}
// end::uts[]
