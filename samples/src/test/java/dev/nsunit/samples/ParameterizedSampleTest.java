package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;

/**
 * Every invocation of a {@code @ParameterizedTest} or {@code @RepeatedTest} runs in a child JVM and namespaces of
 * its own. Each invocation below renames its machine, or fills its tmpfs, and the next one still starts from the
 * annotated state. The arguments are computed in the children too, inside the namespaces: an argument source of an
 * isolated test, such as a {@code @MethodSource}, never runs in the test JVM.
 */
class ParameterizedSampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"alpha", "beta", "gamma"})
    @IsolatedUts(hostname = "bizarro")
    void everyInvocationMayRenameItsMachine(String name) throws Exception {
        assertThat(hostname()).isEqualTo("bizarro");

        Process rename = new ProcessBuilder("hostname", name).inheritIO().start();
        assertThat(rename.waitFor()).as("exit status of hostname").isZero();

        assertThat(hostname()).isEqualTo(name);
    }

    @RepeatedTest(3)
    @IsolatedMount(tmpfs = "/srv")
    void everyRepetitionGetsAnEmptyTmpfs() throws IOException {
        assertThat(Path.of("/srv")).isEmptyDirectory();
        Files.writeString(Path.of("/srv/data.txt"), "left behind");
    }

    private static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }
}
