package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.uniqueIdSubstring;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.nsunit.support.ChildJvms;
import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class TemplateIsolationTest {

    @Test
    void eachParameterizedInvocationRunsInItsOwnChildAndReportsItsOwnOutcome() throws Exception {
        try (EventLog log = EventLog.create()) {
            var events = Fixtures.run(Parameterized.class).testEvents();

            events.assertStatistics(stats -> stats.succeeded(2).failed(1));
            events.assertThatEvents().haveExactly(1, event(test(), uniqueIdSubstring("test-template-invocation:#2"),
                    finishedWithFailure(message("two is not allowed"))));
            assertThat(log.lines()).hasSize(3).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
        }
    }

    @Test
    void aParameterizedTestWhoseArgumentsItsAnnotationsHoldStartsAChildForEachInvocationAndNoMore()
            throws Exception {
        Set<Long> seen = ChildJvms.seenDuring(() -> Fixtures.run(Declared.class, Map.of("nsunit.child.warm", "2"))
                .testEvents().assertStatistics(stats -> stats.succeeded(5)));

        assertThat(seen).as("child JVMs: three for the values and the null, two for the records after the header; "
                + "none to find that no more come, nor started ahead for one").hasSize(5);
    }

    @Test
    void aParameterizedTestWhoseArgumentsAMethodMakesRunsEachInvocationAndOneChildMoreFindsNone()
            throws Exception {
        try (EventLog log = EventLog.create()) {
            Set<Long> seen = ChildJvms.seenDuring(() -> Fixtures.run(Computed.class,
                    Map.of("nsunit.child.warm", "0")).testEvents().assertStatistics(stats -> stats.succeeded(3)));

            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("computed:1", "computed:2", "computed:3");
            assertThat(seen).as("child JVMs: one per invocation, and the one that found none").hasSize(4);
        }
    }

    @Test
    void aTestBothRepeatedAndParameterizedRunsTheInvocationsOfBoth() throws Exception {
        // As in place: Jupiter runs the repetitions, then the parameterized invocations.
        try (EventLog log = EventLog.create()) {
            Fixtures.run(RepeatedAndParameterized.class).testEvents().assertStatistics(stats -> stats.succeeded(5));

            assertThat(log.lines()).hasSize(5).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
        }
    }

    @Test
    void onlyTheIterationsSelectedRunEachInItsOwnChild() throws Exception {
        // As the console launcher's --select-iteration selects them, by index from 0.
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = EngineTestKit.engine("nsunit").selectors(
                    selectIteration(selectMethod(Parameterized.class, "invocation", "int"), 0),
                    selectIteration(selectMethod(Repeated.class, "repetition"), 1, 2)).execute();

            assertThat(results.testEvents().succeeded().stream().map(event -> event.getTestDescriptor()
                    .getDisplayName())).containsExactly("[1] 1", "repetition 2 of 3", "repetition 3 of 3");
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("invocation:1", "repetition", "repetition");
            assertThat(log.lines()).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
        }
    }

    @Test
    void eachRepetitionRunsInItsOwnChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(Repeated.class).testEvents().assertStatistics(stats -> stats.succeeded(3));

            assertThat(log.lines()).hasSize(3).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
        }
    }

    @Test
    void aRepeatedTestStopsAtItsFailureThresholdAndSkipsTheRestWithoutChildrenAsInPlace() throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = Fixtures.run(FailureThreshold.class);

            assertThat(results.testEvents().stream().filter(event -> event.getType() != EventType.STARTED
                    && event.getType() != EventType.DYNAMIC_TEST_REGISTERED).map(event -> event.getTestDescriptor()
                    .getDisplayName() + " " + event.getType() + " " + event.getPayload().map(payload ->
                            payload instanceof TestExecutionResult result ? result.getStatus().toString()
                                    : payload.toString()).orElse("")))
                    .containsExactly("repetition 1 of 5 FINISHED SUCCESSFUL", "repetition 2 of 5 FINISHED FAILED",
                            "repetition 3 of 5 FINISHED SUCCESSFUL", "repetition 4 of 5 FINISHED FAILED",
                            "repetition 5 of 5 SKIPPED Failure threshold [2] exceeded");
            assertThat(results.allEvents().dynamicallyRegistered().stream()
                    .map(event -> event.getTestDescriptor().getUniqueId().getLastSegment().getValue()))
                    .containsExactly("#1", "#2", "#3", "#4", "#5");
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1])
                    .containsExactly("repetition:1", "repetition:2", "repetition:3", "repetition:4");
        }
    }

    @Test
    void aRelayedInvocationKnowsItsTemplateButTheTemplateKeepsNoneOfThem() throws Exception {
        // As Jupiter registers a dynamic test: so that the test JVM holds nothing per invocation of a long template.
        try (EventLog log = EventLog.create()) {
            var results = Fixtures.run(Repeated.class);

            TestDescriptor template = results.containerEvents().finished().stream().map(Event::getTestDescriptor)
                    .filter(descriptor -> descriptor.getUniqueId().getLastSegment().getType().equals("test-template"))
                    .findFirst().orElseThrow();
            assertThat(results.testEvents().finished().stream().map(Event::getTestDescriptor))
                    .hasSize(3).allSatisfy(test -> assertThat(test.getParent()).contains(template));
            assertThat(template.getChildren()).isEmpty();
        }
    }

    @Test
    void aTestFactoryAndItsDynamicTestsRunInTheChildEachReportedWithItsNameAndOutcome() throws Exception {
        try (EventLog log = EventLog.create()) {
            var results = Fixtures.run(Factory.class);

            results.allEvents().dynamicallyRegistered().assertThatEvents().extracting(
                    each -> each.getTestDescriptor().getDisplayName()).containsExactly("works", "fails");
            results.testEvents().assertThatEvents()
                    .haveExactly(1, event(test(), displayName("works"), finishedSuccessfully()))
                    .haveExactly(1, event(test(), displayName("fails"),
                            finishedWithFailure(instanceOf(AssertionError.class), message("dynamic failure"))));
            assertThat(log.lines()).extracting(line -> line.split(" ")[0]).containsOnly(log.lines().get(0)
                    .split(" ")[0]).doesNotContain(Long.toString(ProcessHandle.current().pid())).hasSize(3);
        }
    }

    @Test
    void oneDynamicTestSelectedByItsUniqueIdRunsAloneInItsFactorysChild() throws Exception {
        // As an IDE re-runs one test a factory made, by the id the run before reported.
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = EngineTestKit.engine("nsunit").selectors(selectUniqueId(
                    "[engine:nsunit]/[class:" + Factory.class.getName() + "]/[test-factory:dynamicTests()]/"
                            + "[dynamic-test:#2]")).execute();

            results.testEvents().assertThatEvents().haveExactly(1, event(test(), displayName("fails"),
                    finishedWithFailure(message("dynamic failure"))));
            results.testEvents().assertStatistics(stats -> stats.started(1));
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1]).containsExactly("factory", "fails");
        }
    }

    @Test
    void aTemplateOfAnotherProviderRunsWholeInOneChildSinceItsInvocationsMayDependOnEachOther() throws Exception {
        // As a retrying test's: its next attempt exists only once the one before has failed, in the same JVM.
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = Fixtures.run(Retried.class);

            assertThat(results.testEvents().finished().stream().map(event -> event.getTestDescriptor()
                    .getDisplayName() + " " + event.getPayload(TestExecutionResult.class).orElseThrow().getStatus()))
                    .containsExactly("attempt 1 FAILED", "attempt 2 FAILED", "attempt 3 SUCCESSFUL");
            assertThat(log.lines()).hasSize(3).extracting(line -> line.split(" ")[0])
                    .containsOnly(log.lines().get(0).split(" ")[0])
                    .doesNotContain(Long.toString(ProcessHandle.current().pid()));
        }
    }

    static class Parameterized {
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @IsolatedUts
        void invocation(int value) {
            EventLog.record("invocation:" + value);
            if (value == 2) {
                throw new IllegalArgumentException("two is not allowed");
            }
        }
    }

    static class Declared {
        @ParameterizedTest
        @ValueSource(strings = {"a", "b"})
        @NullSource
        @IsolatedUts
        void values(String value) {
        }

        @ParameterizedTest
        @CsvSource(value = {"name, length", "one, 3", "four, 4"}, useHeadersInDisplayName = true)
        @IsolatedUts
        void records(String name, int length) {
            assertThat(name).hasSize(length);
        }
    }

    static class RepeatedAndParameterized {
        @RepeatedTest(2)
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        @IsolatedUts
        void both() {
            EventLog.record("both");
        }
    }

    static class Computed {
        @ParameterizedTest
        @MethodSource("values")
        @IsolatedUts
        void computed(int value) {
            EventLog.record("computed:" + value);
        }

        static Stream<Integer> values() {
            return Stream.of(1, 2, 3);
        }
    }

    static class Repeated {
        @RepeatedTest(3)
        @IsolatedMount
        void repetition() {
            EventLog.record("repetition");
        }
    }

    static class FailureThreshold {
        @RepeatedTest(value = 5, failureThreshold = 2)
        @IsolatedUts
        void repetition(RepetitionInfo repetition) {
            EventLog.record("repetition:" + repetition.getCurrentRepetition());
            assertThat(repetition.getCurrentRepetition() % 2).as("an even repetition").isOne();
        }
    }

    static class Retried {
        static int attempts;
        static boolean passed;

        @TestTemplate
        @ExtendWith(UntilItPasses.class)
        @IsolatedUts
        void flaky() {
            EventLog.record("attempt");
            passed = ++attempts == 3;
            assertThat(passed).as("the third attempt passes").isTrue();
        }
    }

    /** Up to three invocations, each only while the one before has failed in this JVM. */
    static class UntilItPasses implements TestTemplateInvocationContextProvider {
        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            return Stream.iterate(1, attempt -> attempt + 1).limit(3).takeWhile(attempt -> !Retried.passed)
                    .map(attempt -> new TestTemplateInvocationContext() {
                        @Override
                        public String getDisplayName(int invocationIndex) {
                            return "attempt " + invocationIndex;
                        }
                    });
        }
    }

    static class Factory {
        @TestFactory
        @IsolatedUts
        Stream<DynamicTest> dynamicTests() {
            EventLog.record("factory");
            return List.of(
                    DynamicTest.dynamicTest("works", () -> EventLog.record("works")),
                    DynamicTest.dynamicTest("fails", () -> {
                        EventLog.record("fails");
                        throw new AssertionError("dynamic failure");
                    })).stream();
        }
    }
}
