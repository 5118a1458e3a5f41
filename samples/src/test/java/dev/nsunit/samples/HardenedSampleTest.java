package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;

/**
 * Run as root, an isolated test keeps root's files but no power over the machine: its child is hardened. It may
 * chown what it likes, but the kernel's global knobs are read-only for it, and it cannot rename the machine without
 * {@code @IsolatedUts}. Each attempt here would change nothing even if it succeeded (it writes back what is
 * there), so the sample is safe to copy anywhere.
 */
@IsolatedMount(tmpfs = "/srv")
class HardenedSampleTest {

    @Test
    void ownsWhatRootOwns() throws Exception {
        Path file = Files.writeString(Path.of("/srv/owned"), "x");
        Files.setAttribute(file, "unix:uid", 1234);

        assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(1234);
    }

    @Test
    void cannotWriteTheMachinesSysctls() throws Exception {
        Path swappiness = Path.of("/proc/sys/vm/swappiness");
        String unchanged = Files.readString(swappiness);

        assertThatThrownBy(() -> Files.writeString(swappiness, unchanged)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Read-only file system");
    }

    @Test
    void cannotRenameTheMachineWithoutAUtsNamespace() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Process rename = new ProcessBuilder("hostname", hostname).redirectErrorStream(true).start();
        String said = new String(rename.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(rename.waitFor()).as(said).isNotZero();
    }
}
