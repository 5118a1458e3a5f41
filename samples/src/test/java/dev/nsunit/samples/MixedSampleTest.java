package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.nsunit.IsolatedUts;

/**
 * Isolated and ordinary tests mix freely in one class: only the annotated test moves to a child JVM, the others
 * run in the test JVM as usual. Here the isolated test renames its machine, and the ordinary test that runs after
 * it still sees the real hostname.
 */
@TestMethodOrder(OrderAnnotation.class)
class MixedSampleTest {

    /** Read when the class is first loaded in the test JVM, before any test ran. */
    private static final String REAL_HOSTNAME = hostname();

    @Test
    @Order(1)
    @IsolatedUts
    void isolatedTestRenamesItsMachine() throws Exception {
        Process rename = new ProcessBuilder("hostname", "renamed-by-a-test").inheritIO().start();
        assertThat(rename.waitFor()).as("exit status of hostname").isZero();
        assertThat(hostname()).isEqualTo("renamed-by-a-test");
    }

    @Test
    @Order(2)
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
