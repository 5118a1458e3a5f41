package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/**
 * A child starts with C1 alone, which suits a run of a few seconds; a unit of work whose child ran long (more than 10 s
 * of CPU) has its next child, in the next run, start with the JVM's tiered compilation, which runs such code about
 * twice as fast.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class LongRunningChildrenTest {

    @Test
    void aClassWhoseChildRanLongStartsItsNextChildWithTieredCompilation(@TempDir Path cache) throws Exception {
        Map<String, String> configuration = Map.of("nsunit.cache.dir", cache.toString(), "nsunit.child.archive", "off",
                "nsunit.child.warm", "0");
        try (EventLog log = EventLog.create()) {
            Fixtures.assertEachPassed(Fixtures.run(RunsLongOnce.class, configuration), 1);
            Fixtures.assertEachPassed(Fixtures.run(RunsLongOnce.class, configuration), 1);

            assertThat(log.lines()).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly(
                    "compilers [-XX:TieredStopAtLevel=1]",
                    "compilers []");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class RunsLongOnce {
        @Test
        void spinsInItsFirstRun() throws Exception {
            boolean first = Files.readAllLines(Path.of(System.getProperty(EventLog.PROPERTY))).isEmpty();
            EventLog.record("compilers " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(arg -> arg.startsWith("-XX:TieredStopAtLevel")).toList());
            if (first) {
                // CPU time, not wall time: on a busy machine a thread that spins for 10 s may get less of it.
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long spins = 0;
                while (threads.getCurrentThreadCpuTime() < 10_500_000_000L) {
                    spins++;
                }
                assertThat(spins).isPositive();
            }
        }
    }
}
