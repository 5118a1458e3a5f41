package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.LauncherRun;
import dev.nsunit.support.NeedsNamespaces;

/**
 * Class templates ({@code @ParameterizedClass}): Jupiter registers their tests only as they run, once per
 * invocation, so the parent has no test of them to hand a child; an isolated class template runs whole in one child.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class ClassTemplateIsolationTest {

    private static final String PARENT = Long.toString(ProcessHandle.current().pid());

    @Test
    void anIsolatedParameterizedClassRunsEveryInvocationOfEveryTestInOneChildEachReportedWithItsOutcome()
            throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = Fixtures.run(Parameterized.class);

            assertThat(results.testEvents().finished().stream().map(event -> event.getTestDescriptor()
                    .getParent().orElseThrow().getDisplayName() + " " + event.getTestDescriptor().getDisplayName()
                    + " " + event.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                            .getThrowable().map(Throwable::getMessage).orElse("passed")))
                    .containsExactlyInAnyOrder("[1] name=one host() passed", "[1] name=one onlyOne() passed",
                            "[2] name=two host() passed",
                            "[2] name=two onlyOne() two is not one ==> expected: <one> but was: <two>");
            assertThat(log.lines()).hasSize(5).extracting(line -> line.split(" ")[0]).containsOnly(
                    log.lines().get(0).split(" ")[0]).doesNotContain(PARENT);
        }
    }

    @Test
    void onlyTheSelectedTestOfAClassTemplateRunsInEachInvocation() throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = run(selectMethod(Parameterized.class, "host"));

            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("beforeAll", "host:one", "host:two");
        }
    }

    @Test
    void oneInvocationSelectedByItsUniqueIdRunsAlone() throws Exception {
        // As an IDE re-runs one invocation from the tree of a run before, by Jupiter's id of it.
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = run(selectUniqueId("[engine:junit-jupiter]/[class-template:"
                    + Parameterized.class.getName() + "]/[class-template-invocation:#2]/[method:host()]"));

            results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1]).containsExactly("beforeAll", "host:two");
        }
    }

    @Test
    void onlyTheIterationSelectedOfAClassTemplateRuns() throws Exception {
        // As the console launcher's --select-iteration selects one, by index from 0.
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = run(selectIteration(selectClass(Parameterized.class), 0));

            results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactlyInAnyOrder("beforeAll", "host:one", "onlyOne:one");
        }
    }

    @Test
    void aTagFilterLeavesOutTheTestsOfAClassTemplateItExcludes() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(Parameterized.class)), Map.of(),
                    TagFilter.excludeTags("slow"));

            assertThat(run.tests()).extracting(outcome -> outcome.engine() + " " + outcome.node().getDisplayName())
                    .containsExactly("nsunit host()", "nsunit host()");
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("beforeAll", "host:one", "host:two");
        }
    }

    @Test
    void aClassTemplateNestedInAClassIsolatedTestByTestRunsWholeInOneChildOfItsOwn() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.assertEachPassed(Fixtures.run(Outer.class), 5);

            List<String> lines = log.lines();
            assertThat(lines).hasSize(5).noneMatch(line -> line.startsWith(PARENT + " "));
            String innerChild = lines.stream().filter(line -> line.endsWith("inner:1:a")).findFirst().orElseThrow()
                    .split(" ")[0];
            assertThat(lines).filteredOn(line -> line.contains(" inner:")).hasSize(4)
                    .allMatch(line -> line.startsWith(innerChild + " "));
            assertThat(lines).filteredOn(line -> line.endsWith(" outer")).singleElement()
                    .matches(line -> !line.startsWith(innerChild + " "));
        }
    }

    @Test
    void aClassTemplateNestedInAClassRunInOneChildRunsInThatChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.assertEachPassed(Fixtures.run(PerClassOuter.class), 5);

            assertThat(log.lines()).hasSize(5).extracting(line -> line.split(" ")[0])
                    .containsOnly(log.lines().get(0).split(" ")[0]).doesNotContain(PARENT);
        }
    }

    @Test
    void theIsolatedTestsOfAClassTemplateThatIsNotIsolatedRunInAChildAndTheOthersInPlace() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(OneIsolated.class)), Map.of());

            assertThat(run.tests()).extracting(outcome -> outcome.engine() + " " + outcome.node().getDisplayName()
                    + " " + outcome.status()).containsExactlyInAnyOrder(
                            "junit-jupiter inPlace() SUCCESSFUL", "junit-jupiter inPlace() SUCCESSFUL",
                            "nsunit isolated() SUCCESSFUL", "nsunit isolated() SUCCESSFUL");
            assertThat(log.lines()).filteredOn(line -> line.startsWith(PARENT + " "))
                    .extracting(line -> line.split(" ", 2)[1]).containsExactly("inPlace:1", "inPlace:2");
            assertThat(log.lines()).filteredOn(line -> !line.startsWith(PARENT + " "))
                    .extracting(line -> line.split(" ", 2)[1]).containsExactly("isolated:1", "isolated:2");
        }
    }

    @Test
    void aClassTemplateWhoseTestsAskForDifferentNamespacesFailsWithTheReasonAndRunsNothing() throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = Fixtures.run(DifferentNamespaces.class);

            results.containerEvents().assertThatEvents().haveExactly(1, event(container(DifferentNamespaces.class),
                    finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                            "mount() in class template " + DifferentNamespaces.class.getName() + " asks for other "
                                    + "namespaces or settings than uts(); a class template runs whole in one child, "
                                    + "which all its tests share: put the isolation annotations on the class, or "
                                    + "move the test that needs other ones to another class"))));
            assertThat(log.lines()).isEmpty();
        }
    }

    private static EngineExecutionResults run(org.junit.platform.engine.DiscoverySelector selector) {
        return EngineTestKit.engine("nsunit").selectors(selector).execute();
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedClass
    @ValueSource(strings = { "one", "two" })
    @IsolatedUts(hostname = "templated")
    static class Parameterized {

        @Parameter
        String name;

        @BeforeAll
        static void beforeAll() {
            EventLog.record("beforeAll");
        }

        @Test
        void host() {
            EventLog.record("host:" + name);
            assertEquals("templated", hostname());
        }

        @Test
        @Tag("slow")
        void onlyOne() {
            EventLog.record("onlyOne:" + name);
            assertEquals("one", name, "two is not one");
        }
    }

    @IsolatedUts(hostname = "outer")
    static class Outer {

        @Test
        void outer() {
            EventLog.record("outer");
        }

        @Nested
        @ParameterizedClass
        @ValueSource(ints = { 1, 2 })
        class Inner {

            @Parameter
            int number;

            @Test
            void a() {
                EventLog.record("inner:" + number + ":a");
                assertEquals("outer", hostname());
            }

            @Test
            void b() {
                EventLog.record("inner:" + number + ":b");
            }
        }
    }

    /** {@link Outer}, its nested class template with it, in one child. */
    @IsolatedPerClass
    static class PerClassOuter extends Outer {
    }

    @ParameterizedClass
    @ValueSource(ints = { 1, 2 })
    static class OneIsolated {

        @Parameter
        int number;

        @Test
        @IsolatedUts
        void isolated() {
            EventLog.record("isolated:" + number);
        }

        @Test
        void inPlace() {
            EventLog.record("inPlace:" + number);
        }
    }

    @ParameterizedClass
    @ValueSource(ints = { 1, 2 })
    static class DifferentNamespaces {

        @Parameter
        int number;

        @Test
        @IsolatedUts
        void uts() {
            EventLog.record("uts:" + number);
        }

        @Test
        @IsolatedMount
        void mount() {
            EventLog.record("mount:" + number);
        }
    }
}
