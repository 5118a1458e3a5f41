package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/**
 * {@code @IsolatedPerClass}: one child for all of a class's isolated tests, which share its namespaces, with
 * {@code @BeforeAll} and {@code @AfterAll} run once there; every test still reported on its own.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class PerClassIsolationTest {

    @Test
    void theClassesTestsRunInOneChildAfterOneBeforeAllAndAreReportedOneByOne() throws Exception {
        try (EventLog log = EventLog.create()) {
            Events tests = Fixtures.run(Shared.class).testEvents();

            tests.assertStatistics(stats -> stats.succeeded(4).failed(1));
            tests.assertThatEvents().haveExactly(1, event(test("fails"),
                    finishedWithFailure(instanceOf(AssertionError.class), message("fails on its own"))));
            List<String> lines = log.lines();
            assertThat(lines).filteredOn(line -> line.endsWith(" beforeAll")).hasSize(1);
            assertThat(lines).filteredOn(line -> line.endsWith(" afterAll")).hasSize(1);
            assertThat(lines).hasSize(7).extracting(line -> line.split(" ")[0]).as("pids").containsOnly(
                    lines.get(0).split(" ")[0]);
            assertThat(lines.get(0).split(" ")[0]).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    /** A base class annotated for its subclasses, as a project annotates the base of its integration tests. */
    @Test
    void aSubclassOfAClassRunInOneChildRunsItsTestsInOneChildToo() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(SharedSubclass.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

            List<String> lines = log.lines();
            assertThat(lines).extracting(line -> line.split(" ")[1]).containsExactlyInAnyOrder("beforeAll",
                    "inherited", "own");
            assertThat(lines).extracting(line -> line.split(" ")[0]).as("pids").containsOnly(
                    lines.get(0).split(" ")[0]);
        }
    }

    @Test
    void aClassImplementingATestInterfaceRunInOneChildRunsItsTestsInOneChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(ImplementsSharedInterface.class).testEvents().assertStatistics(stats -> stats.succeeded(2));

            List<String> lines = log.lines();
            assertThat(lines).extracting(line -> line.split(" ")[1]).containsExactlyInAnyOrder("inherited", "own");
            assertThat(lines).extracting(line -> line.split(" ")[0]).as("pids").containsOnly(
                    lines.get(0).split(" ")[0]);
        }
    }

    @Test
    void testsInRandomOrderWithAFixedSeedRunInTheOrderTheParentAsksFor() {
        Fixtures.run(RandomOrder.class, Map.of("junit.jupiter.execution.order.random.seed", "42"))
                .testEvents().assertStatistics(stats -> stats.succeeded(6).failed(0).skipped(0));
    }

    @Test
    void whatOneTestChangesInTheNamespacesTheNextSees() {
        Fixtures.run(ChangesThenSees.class).testEvents().assertStatistics(stats -> stats.succeeded(2));
    }

    @Test
    void eachTestsOutputIsShownBetweenItsStartAndItsEnd() throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PrintStream original = System.out;
        System.setOut(new PrintStream(new java.io.OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    seen.add("out " + line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
                else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8));
        try {
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Prints.class))
                            .build(),
                    new org.junit.platform.launcher.TestExecutionListener() {
                        @Override
                        public void executionStarted(org.junit.platform.launcher.TestIdentifier node) {
                            if (node.getSource().isPresent()) {
                                seen.add("started " + node.getDisplayName());
                            }
                        }

                        @Override
                        public void executionFinished(org.junit.platform.launcher.TestIdentifier node,
                                org.junit.platform.engine.TestExecutionResult result) {
                            if (node.getSource().isPresent()) {
                                seen.add("finished " + node.getDisplayName());
                            }
                        }
                    });
        }
        finally {
            System.setOut(original);
        }
        assertThat(seen).filteredOn(line -> !line.contains("PerClassIsolationTest$")).containsExactly(
                "out from beforeAll",
                "started first()", "out from first begins", "out from first ends", "finished first()",
                "started second()", "out from second", "finished second()",
                "out from afterAll");
    }

    @Test
    void aFailingBeforeAllFailsTheClassAsInPlace() throws Exception {
        try (EventLog log = EventLog.create()) {
            var results = Fixtures.run(BeforeAllFails.class);

            results.testEvents().assertStatistics(stats -> stats.started(0));
            results.containerEvents().assertThatEvents().haveExactly(1, event(container(BeforeAllFails.class),
                    finishedWithFailure(instanceOf(IllegalStateException.class), message("no setup for you"))));
            assertThat(log.lines()).as("@BeforeAll ran once").hasSize(1);
        }
    }

    @Test
    void aFailingAfterAllFailsTheClassAfterItsTestsPassed() {
        var results = Fixtures.run(AfterAllFails.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(AfterAllFails.class),
                finishedWithFailure(instanceOf(IllegalStateException.class), message("no teardown for you"))));
    }

    @Test
    void onlyTheTestsTheParentRunsRunInTheChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineTestKit.engine("nsunit").selectors(selectMethod(Shared.class, "second")).execute()
                    .testEvents().assertStatistics(stats -> stats.succeeded(1));

            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("beforeAll", "second", "afterAll");
        }
    }

    @Test
    void nestedClassesRunInTheClassesSharedChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(WithNested.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

            List<String> lines = log.lines();
            String shared = pidOf(lines, "outer-one");
            assertThat(pidOf(lines, "outer-two")).isEqualTo(shared);
            assertThat(pidOf(lines, "nested")).isEqualTo(shared);
            assertThat(lines).filteredOn(line -> line.endsWith(" nested-beforeAll")).as("once, in the shared child")
                    .singleElement().asString().startsWith(shared + " ");
        }
    }

    @Test
    void aNestedClassAnnotatedItselfSharesOneChildOfItsOwn() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(WithSharedNested.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

            List<String> lines = log.lines();
            String nested = pidOf(lines, "nested-one");
            assertThat(pidOf(lines, "nested-two")).isEqualTo(nested);
            assertThat(pidOf(lines, "nested-beforeAll")).isEqualTo(nested);
            assertThat(pidOf(lines, "outer")).isNotEqualTo(nested);
        }
    }

    private static String pidOf(List<String> lines, String event) {
        return lines.stream().filter(line -> line.endsWith(" " + event)).findFirst().orElseThrow().split(" ")[0];
    }

    @Test
    void aTestAskingForOtherNamespacesThanItsClassIsRejectedWithTheReason() {
        Events tests = Fixtures.run(OneAsksForMore.class).testEvents();

        tests.assertStatistics(stats -> stats.succeeded(1).failed(1));
        tests.assertThatEvents().haveExactly(1, event(test("wantsANetworkToo"), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(text -> text.contains("in @IsolatedPerClass " + OneAsksForMore.class.getName()
                        + " asks for other namespaces or settings than the class's shared child has")))));
    }

    @IsolatedPerClass
    @IsolatedUts(hostname = "shared")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Shared {
        @BeforeAll
        static void beforeAll() {
            EventLog.record("beforeAll");
        }

        @Test
        @Order(1)
        void first() throws Exception {
            EventLog.record("first");
            assertEquals("shared", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        }

        @Test
        @Order(2)
        void second() {
            EventLog.record("second");
        }

        @Test
        @Order(3)
        void fails() {
            EventLog.record("fails");
            throw new AssertionError("fails on its own");
        }

        @ParameterizedTest
        @Order(4)
        @ValueSource(ints = {1, 2})
        void parameterized(int value) {
            EventLog.record("parameterized " + value);
        }

        @AfterAll
        static void afterAll() {
            EventLog.record("afterAll");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.Random.class)
    static class RandomOrder {
        @Test
        void a() {
        }

        @Test
        void b() {
        }

        @Test
        void c() {
        }

        @Test
        void d() {
        }

        @Test
        void e() {
        }

        @Test
        void f() {
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ChangesThenSees {
        @Test
        @Order(1)
        void changesTheHostname() throws Exception {
            assertEquals(0, new ProcessBuilder("hostname", "changed-by-first").start().waitFor());
        }

        @Test
        @Order(2)
        void seesTheChange() throws Exception {
            assertEquals("changed-by-first", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            assertThat(HostState.now().hostname()).isEqualTo("changed-by-first");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class SharedBase {
        @BeforeAll
        static void beforeAll() {
            EventLog.record("beforeAll");
        }

        @Test
        void inherited() {
            EventLog.record("inherited");
        }
    }

    static class SharedSubclass extends SharedBase {
        @Test
        void own() {
            EventLog.record("own");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    interface SharedInterface {
        @Test
        default void inherited() {
            EventLog.record("inherited");
        }
    }

    static class ImplementsSharedInterface implements SharedInterface {
        @Test
        void own() {
            EventLog.record("own");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Prints {
        @BeforeAll
        static void beforeAll() {
            System.out.println("from beforeAll");
        }

        @Test
        @Order(1)
        void first() {
            System.out.println("from first begins");
            System.out.println("from first ends");
        }

        @Test
        @Order(2)
        void second() {
            System.out.println("from second");
        }

        @AfterAll
        static void afterAll() {
            System.out.println("from afterAll");
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class BeforeAllFails {
        @BeforeAll
        static void beforeAll() {
            EventLog.record("beforeAll");
            throw new IllegalStateException("no setup for you");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class AfterAllFails {
        @Test
        void one() {
        }

        @Test
        void two() {
        }

        @AfterAll
        static void afterAll() {
            throw new IllegalStateException("no teardown for you");
        }
    }

    static class WithSharedNested {
        @Test
        @IsolatedUts
        void outer() {
            EventLog.record("outer");
        }

        @Nested
        @IsolatedPerClass
        @IsolatedUts
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
        class Inner {
            @BeforeAll
            void beforeAll() {
                EventLog.record("nested-beforeAll");
            }

            @Test
            @Order(1)
            void one() {
                EventLog.record("nested-one");
            }

            @Test
            @Order(2)
            void two() {
                EventLog.record("nested-two");
            }
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class WithNested {
        @Test
        void one() {
            EventLog.record("outer-one");
        }

        @Test
        void two() {
            EventLog.record("outer-two");
        }

        @Nested
        @TestInstance(TestInstance.Lifecycle.PER_CLASS)
        class Inner {
            @BeforeAll
            void beforeAll() {
                EventLog.record("nested-beforeAll");
            }

            @Test
            void nested() {
                EventLog.record("nested");
            }
        }
    }

    @Test
    void aNestedClassAskingForOtherNamespacesIsReportedWithEachTestRejected() {
        var results = Fixtures.run(NestedAsksForMore.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
        results.testEvents().assertThatEvents().haveExactly(2, event(test(), finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(text -> text.contains(" asks for other namespaces or settings than the class's shared "
                        + "child has")))));
        results.containerEvents().assertThatEvents().haveExactly(1, event(container("Inner"),
                org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()));
    }

    @Test
    void aClassWhoseTestsAllAskForOtherNamespacesStartsNoChild() {
        long spawned = dev.nsunit.internal.launch.ChildProcess.spawnAttempts();

        Fixtures.run(AllAskForMore.class).testEvents().assertStatistics(stats -> stats.failed(1).succeeded(0));
        assertThat(dev.nsunit.internal.launch.ChildProcess.spawnAttempts()).isEqualTo(spawned);
    }

    @IsolatedPerClass
    @IsolatedUts
    static class NestedAsksForMore {
        @Test
        void likeTheClass() {
        }

        @Nested
        @IsolatedNetwork
        class Inner {
            @Test
            void one() {
            }

            @Test
            void two() {
            }
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class AllAskForMore {
        @Test
        @IsolatedNetwork
        void wantsANetworkToo() {
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class OneAsksForMore {
        @Test
        @Order(1)
        void likeTheClass() {
        }

        @Test
        @Order(2)
        @IsolatedNetwork
        void wantsANetworkToo() {
        }
    }
}
