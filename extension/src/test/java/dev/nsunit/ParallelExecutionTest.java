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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;

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

    @Test
    void isolatedClassesRunSideBySide() throws Exception {
        try (EventLog log = EventLog.create()) {
            runInParallel(SideBySideOne.class, SideBySideTwo.class);

            assertThat(overlaps(log.lines())).as("the two children's runs overlap").isTrue();
        }
    }

    @Test
    void classesHoldingTheSameResourceLockNeverRunSideBySide() throws Exception {
        try (EventLog log = EventLog.create()) {
            runInParallel(LockedOne.class, LockedTwo.class);

            assertThat(overlaps(log.lines())).as("the two children's runs overlap").isFalse();
        }
    }

    private static void runInParallel(Class<?>... classes) {
        EngineTestKit.engine("nsunit")
                .selectors(Stream.of(classes).map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
                .configurationParameters(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"))
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(classes.length));
    }

    /** Whether the two recorded intervals ({@code <pid> span <start> <end>}, ms) overlap. */
    private static boolean overlaps(List<String> lines) {
        assertThat(lines).hasSize(2);
        long[] first = span(lines.get(0));
        long[] second = span(lines.get(1));
        return first[0] < second[1] && second[0] < first[1];
    }

    private static long[] span(String line) {
        String[] words = line.split(" ");
        return new long[] { Long.parseLong(words[2]), Long.parseLong(words[3]) };
    }

    /** Records how long the test's own code ran, in wall-clock ms. */
    static void holdFor1500Ms() throws InterruptedException {
        long start = System.currentTimeMillis();
        Thread.sleep(1_500);
        EventLog.record("span " + start + " " + System.currentTimeMillis());
    }

    @IsolatedUts
    static class SideBySideOne {
        @Test
        void holds() throws Exception {
            holdFor1500Ms();
        }
    }

    @IsolatedUts
    static class SideBySideTwo {
        @Test
        void holds() throws Exception {
            holdFor1500Ms();
        }
    }

    @IsolatedUts
    @ResourceLock("port 8080")
    static class LockedOne {
        @Test
        void holds() throws Exception {
            holdFor1500Ms();
        }
    }

    @IsolatedUts
    @ResourceLock("port 8080")
    static class LockedTwo {
        @Test
        void holds() throws Exception {
            holdFor1500Ms();
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
