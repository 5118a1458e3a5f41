package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;

/**
 * Beyond tmpfs, {@code @IsolatedMount} makes paths read-only and bind-mounts one path over another, inside the
 * test's mount namespace only.
 */
class MountOptionsSampleTest {

    @Test
    @IsolatedMount(readOnly = "/srv")
    void readOnlyPathsRefuseWrites() {
        assertThatThrownBy(() -> Files.writeString(Path.of("/srv/file"), "x"))
                .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
    }

    @Test
    @IsolatedMount(bind = "/etc:/mnt")
    void bindMountsShowOnePathAtAnother() throws Exception {
        assertThat(Files.readString(Path.of("/mnt/passwd"))).isEqualTo(Files.readString(Path.of("/etc/passwd")));
    }
}
