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
    void aChildToldToLogItsPhasesAppendsOneLineOfPhasesWithItsMainThreadsShareAndItsThreads(@TempDir Path directory)
            throws Exception {
        Path log = directory.resolve("phases.log");

        Fixtures.assertEachPassed(Fixtures.run(Isolated.class, Map.of("nsunit.child.jvmArgs",
                "-D" + PhaseLog.PROPERTY + "=" + log)), 1);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        // Each phase's CPU time: the whole process's, then the main thread's own.
        String spent = "=[0-9.]+/[0-9.]+ ";
        assertThat(lines.get(0)).matches("boot" + spent + "libc" + spent + "relay" + spent + "launcher" + spent
                + "(warm-up" + spent + ")?wait" + spent + "setup" + spent + "run" + spent + "exit" + spent
                + "\\|( \\S+:[0-9.]+)+");
    }

    static class Isolated {
        @Test
        @IsolatedUts
        void test() {
        }
    }
}
