package dev.nsunit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.LauncherRun;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class LifecycleTest {

    private static final String PARENT = Long.toString(ProcessHandle.current().pid());

    @Test
    void theWholeLifecycleOfEachTestRunsInItsOwnChildAndNoneOfItInTheParent() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(RecordsLifecycle.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

            Map<String, List<String>> byProcess = log.lines().stream().collect(Collectors.groupingBy(
                    line -> line.split(" ")[0], Collectors.mapping(line -> line.split(" ")[1], Collectors.toList())));
            assertThat(byProcess).doesNotContainKey(PARENT).hasSize(2);
            assertThat(byProcess.values()).containsExactlyInAnyOrder(
                    List.of("beforeAll", "constructor", "beforeEach:first", "test:first", "afterEach:first", "afterAll"),
                    List.of("beforeAll", "constructor", "beforeEach:second", "test:second", "afterEach:second",
                            "afterAll"));
        }
    }

    @Test
    void perClassLifecycleInstancesAreAlsoCreatedOnlyInTheChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(PerClassLifecycle.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

            assertThat(log.lines()).hasSize(2).noneMatch(line -> line.startsWith(PARENT + " "));
        }
    }

    @Test
    void otherExtensionsWorkInTheChild() {
        Fixtures.run(UsesExtensions.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void isolatingOneMethodLeavesTheClassLifecycleInTheParentForTheOthers() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(OneIsolatedMethod.class)), Map.of());

            assertThat(run.tests()).extracting(outcome -> outcome.engine() + " " + outcome.status())
                    .containsExactlyInAnyOrder("junit-jupiter SUCCESSFUL", "nsunit SUCCESSFUL");

            List<String> lines = log.lines();
            assertThat(lines).contains(PARENT + " test:plain").doesNotContain(PARENT + " test:isolated");
            assertThat(lines).anyMatch(line -> line.endsWith(" test:isolated"));
        }
    }

    @Test
    void anAssumptionFailingInBeforeAllAbortsTheClassAndRunsNoTestAsInPlace() throws Exception {
        try (EventLog log = EventLog.create()) {
            var results = Fixtures.run(AssumesInBeforeAll.class);

            results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0));
            results.containerEvents().assertThatEvents().haveExactly(1, event(container(AssumesInBeforeAll.class),
                    abortedWithReason(message("Assumption failed: not on this machine"))));
            assertThat(log.lines()).as("one child, for the first test; none for the second").hasSize(1);
        }
    }

    @Test
    void aFailingAfterAllFailsTheClassNotItsTestsAsInPlace() {
        var results = Fixtures.run(AfterAllFails.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(AfterAllFails.class),
                finishedWithFailure(instanceOf(IllegalStateException.class), message("no teardown for you"))));
    }

    @Test
    void aFailingBeforeAllFailsTheClassAndRunsNoTestAsInPlace() {
        var results = Fixtures.run(BeforeAllFails.class);

        results.testEvents().assertStatistics(stats -> stats.started(0));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(BeforeAllFails.class),
                finishedWithFailure(instanceOf(IllegalStateException.class), message("no setup for you"))));
    }

    @IsolatedUts
    static class AssumesInBeforeAll {

        @BeforeAll
        static void assume() {
            EventLog.record("beforeAll");
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "not on this machine");
        }

        @Test
        void test() {
        }

        @Test
        void another() {
        }
    }

    @IsolatedUts
    static class AfterAllFails {

        @AfterAll
        static void tearDown() {
            throw new IllegalStateException("no teardown for you");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @IsolatedUts
    static class BeforeAllFails {

        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("no setup for you");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @IsolatedUts(hostname = "lifecycle")
    static class RecordsLifecycle {

        RecordsLifecycle() {
            EventLog.record("constructor");
        }

        @BeforeAll
        static void beforeAll() throws Exception {
            assertEquals("lifecycle", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            EventLog.record("beforeAll");
        }

        @BeforeEach
        void beforeEach(TestInfo info) {
            EventLog.record("beforeEach:" + info.getTestMethod().orElseThrow().getName());
        }

        @Test
        void first() {
            EventLog.record("test:first");
        }

        @Test
        void second() {
            EventLog.record("test:second");
        }

        @AfterEach
        void afterEach(TestInfo info) {
            EventLog.record("afterEach:" + info.getTestMethod().orElseThrow().getName());
        }

        @AfterAll
        static void afterAll() {
            EventLog.record("afterAll");
        }
    }

    @IsolatedUts
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassLifecycle {

        PerClassLifecycle() {
            EventLog.record("constructor");
        }

        @Test
        void test() {
            EventLog.record("test");
        }
    }

    @IsolatedMount(tmpfs = "/srv")
    static class UsesExtensions {
        @Test
        void tempDirAndTestInfoAreProvidedInTheChild(@TempDir Path tempDir, TestInfo info) throws Exception {
            Files.writeString(tempDir.resolve("file"), "x");
            assertTrue(Files.exists(tempDir.resolve("file")));
            assertEquals("tempDirAndTestInfoAreProvidedInTheChild(Path, TestInfo)", info.getDisplayName());
        }
    }

    static class OneIsolatedMethod {
        @Test
        void plain() {
            EventLog.record("test:plain");
        }

        @Test
        @IsolatedUts
        void isolated() {
            EventLog.record("test:isolated");
        }
    }
}
