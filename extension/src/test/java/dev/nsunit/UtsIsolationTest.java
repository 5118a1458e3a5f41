package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;

@ExtendWith(HostUnchanged.class)
class UtsIsolationTest {

    @Test
    void testSeesTheRequestedHostnameAndDomainname() {
        Fixtures.run(SetsNames.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    static class SetsNames {
        @Test
        @IsolatedUts(hostname = "bizarro", domainname = "example.test")
        void seesBizarro() throws Exception {
            assertEquals("bizarro", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            assertEquals("example.test", Files.readString(Path.of("/proc/sys/kernel/domainname")).strip());
            System.out.println("hello from the child " + ProcessHandle.current().pid());
        }
    }
}
