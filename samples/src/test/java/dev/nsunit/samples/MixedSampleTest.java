package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedUts;

/**
 * Isolated and ordinary tests mix freely in one class: only the annotated test moves to a child JVM, the others
 * run in the test JVM as usual. Here the isolated test renames its machine, and the ordinary test still sees the
 * real hostname.
 *
 * <p>The isolated test runs under nsunit's test engine and the ordinary one under Jupiter's, one engine after the
 * other, so a {@code @TestMethodOrder} does not place an isolated test among the ordinary ones: whichever runs
 * first, the ordinary test sees the real hostname.
 */
class MixedSampleTest {

    /**
     * Read when the class is initialized. In the test JVM that happens only for the ordinary test; the isolated
     * test's child initializes the class again, there, inside the test's namespaces.
     */
    private static final String REAL_HOSTNAME = hostname();

    @Test
    @IsolatedUts
    void isolatedTestRenamesItsMachine() throws Exception {
        Process rename = new ProcessBuilder("hostname", "renamed-by-a-test").inheritIO().start();
        assertThat(rename.waitFor()).as("exit status of hostname").isZero();
        assertThat(hostname()).isEqualTo("renamed-by-a-test");
    }

    @Test
    void ordinaryTestSeesTheRealMachine() {
        assertThat(hostname()).isEqualTo(REAL_HOSTNAME).isNotEqualTo("renamed-by-a-test");
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
