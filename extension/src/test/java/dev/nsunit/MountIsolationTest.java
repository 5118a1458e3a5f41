package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.Java;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class MountIsolationTest {

    @Test
    void tmpfsPathsGetAFreshEmptyTmpfsThatTheHostNeverSees() {
        Fixtures.run(WritesToTmpfs.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(Path.of("/srv/written-in-child")).doesNotExist();
    }

    @Test
    void mountsTheTestMakesItselfStayInTheChild() {
        Fixtures.run(MountsItself.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void mountPropagationIsMadePrivateBeforeAnythingIsMounted() throws Exception {
        // A parent whose mounts are all shared, as on systemd hosts. Its "host" is a throwaway mount namespace
        // made by unshare(1), so even a broken nsunit could not touch the real one. Were propagation left shared
        // in the child, the child's tmpfs would appear in the parent's mount table.
        String output = Java.run(Java.command(List.of("unshare", "--mount", "--propagation", "shared"),
                FixtureRunner.class, WritesToTmpfs.class.getName()));

        assertThat(output).contains("RESULT SUCCESSFUL").doesNotContain("RESULT FAILED")
                .contains("HOST-UNCHANGED true");
    }

    static class WritesToTmpfs {
        @Test
        @IsolatedMount(tmpfs = "/srv")
        void writesAFile() throws Exception {
            try (var entries = Files.list(Path.of("/srv"))) {
                assertEquals(0, entries.count());
            }
            Files.writeString(Path.of("/srv/written-in-child"), "x");
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            assertThat(mounts).anyMatch(line -> line.contains(" /srv ") && line.contains(" - tmpfs "));
            assertThat(mounts).as("no mount may still propagate to the parent")
                    .noneMatch(line -> line.contains(" shared:"));
        }
    }

    static class MountsItself {
        @Test
        @IsolatedMount
        void mountsATmpfsOnMnt() throws Exception {
            Process process = new ProcessBuilder("mount", "-t", "tmpfs", "test-made", "/mnt").inheritIO().start();
            assertEquals(0, process.waitFor());
            assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo"))).anyMatch(line -> line.contains("test-made"));
        }
    }
}
