package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;

/**
 * An annotation on a class applies to its {@code @Nested} classes as well. Annotations at the different levels
 * merge: a nested class may add a namespace (here a tmpfs on {@code /srv}), and the innermost hostname wins.
 */
@IsolatedUts(hostname = "bizarro")
class NestedSampleTest {

    @Test
    void outerTest() throws IOException {
        assertThat(hostname()).isEqualTo("bizarro");
    }

    @Nested
    class Inner {

        @Test
        void inheritsTheOuterHostname() throws IOException {
            assertThat(hostname()).isEqualTo("bizarro");
        }

        @Nested
        @IsolatedUts(hostname = "bizarro-junior")
        @IsolatedMount(tmpfs = "/srv")
        class Innermost {

            @Test
            void getsItsOwnHostnameAndAScratchTmpfs() throws IOException {
                assertThat(hostname()).isEqualTo("bizarro-junior");
                assertThat(Path.of("/srv")).isEmptyDirectory();
            }
        }
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }
}
