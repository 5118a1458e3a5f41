package dev.nsunit.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.IsolatedUts;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;

/** The benchmark's attribution of a child's CPU time: a child told to log its phases does, once, when it exits. */
class PhaseLogTest {

    @Test
    @NeedsNamespaces
    void aChildToldToLogItsPhasesAppendsOneLineOfPhasesInOrderAndItsThreads(@TempDir Path directory)
            throws Exception {
        Path log = directory.resolve("phases.log");

        Fixtures.assertEachPassed(Fixtures.run(Isolated.class, Map.of("nsunit.child.jvmArgs",
                "-D" + PhaseLog.PROPERTY + "=" + log)), 1);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("boot=[0-9.]+ jnr=[0-9.]+ relay=[0-9.]+ (warm-up=[0-9.]+ )?wait=[0-9.]+ "
                + "setup=[0-9.]+ run=[0-9.]+ exit=[0-9.]+ \\|( \\S+:[0-9.]+)+");
    }

    static class Isolated {
        @Test
        @IsolatedUts
        void test() {
        }
    }
}
