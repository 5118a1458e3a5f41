package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUser;
import dev.nsunit.IsolatedUts;

/**
 * {@code @IsolatedUser} adds a user namespace in which you are root, and creates the other namespaces inside it:
 * this class passes for an ordinary user too, on machines that allow unprivileged user namespaces (most do). Run
 * as root, it works the same way.
 */
@IsolatedUser
@IsolatedUts(hostname = "rootless")
@IsolatedMount(tmpfs = "/srv")
class RootlessSampleTest {

    @Test
    void isRootInsideItsOwnNamespaces() throws Exception {
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isEqualTo("rootless");
        Process id = new ProcessBuilder("id", "-u").start();
        assertThat(new String(id.getInputStream().readAllBytes()).strip()).isEqualTo("0");
        Files.writeString(Path.of("/srv/owned-by-root-inside"), "yes");
    }
}
