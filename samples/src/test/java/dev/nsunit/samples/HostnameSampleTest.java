package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

/**
 * The simplest use: {@code @IsolatedUts(hostname = "bizarro")} on the class runs every test in a JVM of its own,
 * in a new UTS namespace whose hostname is {@code bizarro}, while the machine keeps its real name. A method-level
 * annotation adds to the class's: here one test also gets a NIS domain name, and still sees the class's hostname.
 */
@IsolatedUts(hostname = "bizarro")
class HostnameSampleTest {

    @Test
    void seesTheIsolatedHostname() throws IOException {
        assertThat(kernel("hostname")).isEqualTo("bizarro");
    }

    @Test
    @IsolatedUts(domainname = "example.test")
    void methodAnnotationAddsADomainname() throws IOException {
        assertThat(kernel("domainname")).isEqualTo("example.test");
        assertThat(kernel("hostname")).isEqualTo("bizarro");
    }

    /**
     * What the kernel says, as {@code hostname} and {@code domainname} print it. ({@code InetAddress.getLocalHost()}
     * would also look the new name up, and fail with {@code UnknownHostException} where neither /etc/hosts nor DNS
     * knows it.)
     */
    private static String kernel(String name) throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel", name)).strip();
    }
}
