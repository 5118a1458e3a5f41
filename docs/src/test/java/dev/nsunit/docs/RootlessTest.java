package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUser;
import dev.nsunit.IsolatedUts;

// tag::user[]
@IsolatedUser
@IsolatedUts(hostname = "rootless")
@IsolatedMount(tmpfs = "/srv")
class RootlessTest {
    @Test
    void isRootInsideWhoeverRunsIt() throws Exception {
        assertEquals("rootless", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        assertEquals("0", Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
    }
}
// end::user[]
