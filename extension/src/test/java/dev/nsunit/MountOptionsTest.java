package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class MountOptionsTest {

    @Test
    void readOnlyPathsCannotBeWrittenInTheChild() {
        Fixtures.run(ReadOnly.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void bindMountsShowTheSourceAtTheTarget() {
        Fixtures.run(Binds.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(Path.of("/mnt/os-release")).doesNotExist();
    }

    @Test
    void aRelativeBindSourceIsReadFromTheWorkingDirectory() {
        Fixtures.run(RelativeBind.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    static class RelativeBind {
        @Test
        @IsolatedMount(bind = "src/test/java/dev:/mnt")
        void seesTheModulesSourcesAtMnt() {
            // Surefire runs the tests with the module as the working directory, and the child inherits it.
            assertThat(Path.of("/mnt/nsunit/MountOptionsTest.java")).isRegularFile();
        }
    }

    static class ReadOnly {
        @Test
        @IsolatedMount(readOnly = "/srv")
        void cannotWrite() {
            assertThatThrownBy(() -> Files.writeString(Path.of("/srv/x"), "x"))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
        }
    }

    static class Binds {
        @Test
        @IsolatedMount(bind = "/etc:/mnt")
        void seesEtcAtMnt() throws Exception {
            assertEquals(Files.readString(Path.of("/etc/os-release")), Files.readString(Path.of("/mnt/os-release")));
        }
    }
}
