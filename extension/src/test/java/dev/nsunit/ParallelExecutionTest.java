package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

/** Under JUnit's parallel execution each isolated test still gets its own child, and its own result. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class ParallelExecutionTest {

    @Test
    void concurrentIsolatedTestsEachSeeTheirOwnNamespaceAndResult() throws Exception {
        try (EventLog log = EventLog.create()) {
            var events = Fixtures.run(Concurrent.class, Map.of(
                    "junit.jupiter.execution.parallel.enabled", "true",
                    "junit.jupiter.execution.parallel.mode.default", "concurrent",
                    "junit.jupiter.execution.parallel.config.strategy", "fixed",
                    "junit.jupiter.execution.parallel.config.fixed.parallelism", "4")).testEvents();

            events.assertStatistics(stats -> stats.succeeded(3).failed(1));
            events.assertThatEvents().haveExactly(1, event(test(), uniqueIdSubstring("test-template-invocation:#3"),
                    finishedWithFailure(message("three fails on its own"))));
            assertThat(log.lines()).hasSize(4).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
        }
    }

    static class Concurrent {
        @ParameterizedTest
        @ValueSource(strings = {"one", "two", "three", "four"})
        @IsolatedUts
        void ownHostname(String name, TestInfo info) throws Exception {
            new ProcessBuilder("hostname", name).start().waitFor();
            Thread.sleep(300);
            EventLog.record(name);
            assertEquals(name, Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            if (name.equals("three")) {
                throw new IllegalStateException("three fails on its own");
            }
        }
    }
}
