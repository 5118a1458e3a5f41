package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;

/**
 * {@code @IsolatedMount(tmpfs = "/srv")} runs every test in a new mount namespace where {@code /srv} is covered by
 * a fresh, empty tmpfs, so a test can fill it freely: each test starts with it empty, and nothing written there
 * reaches the machine's real {@code /srv}. What a test mounts itself stays in its namespace too, and is gone when
 * the test ends.
 */
@IsolatedMount(tmpfs = "/srv")
class ScratchMountSampleTest {

    private static final Path SRV = Path.of("/srv");

    @Test
    void startsEmpty() throws IOException {
        assertThat(SRV).isEmptyDirectory();
        Files.writeString(SRV.resolve("data.txt"), "left behind by startsEmpty");
    }

    @Test
    void startsEmptyInEveryTest() throws IOException {
        assertThat(SRV).isEmptyDirectory();
        Files.writeString(SRV.resolve("data.txt"), "left behind by startsEmptyInEveryTest");
    }

    @Test
    void ownMountsStayInside() throws Exception {
        Path inner = Files.createDirectory(SRV.resolve("inner"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", inner.toString()).inheritIO().start();
        assertThat(mount.waitFor()).as("exit status of mount").isZero();

        assertThat(mountPoints("self")).contains("/srv", "/srv/inner");
        // PID 1 lives outside the test's mount namespace: it sees neither tmpfs.
        assertThat(mountPoints("1")).doesNotContain("/srv", "/srv/inner");
    }

    /** The mount points a process sees: field 5 of its mountinfo. */
    private static List<String> mountPoints(String pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", pid, "mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .toList();
    }
}
