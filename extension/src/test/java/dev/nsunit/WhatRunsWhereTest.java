package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.LauncherRun;
import dev.nsunit.support.NeedsNamespaces;

/**
 * Nothing of an isolated class runs in the test JVM: not its static initializer, not its extensions (declared or
 * registered in static fields), not its conditions, not its argument sources. Each fixture records the pid and
 * hostname of whoever ran each piece; every record must come from a child, in the child's namespaces.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class WhatRunsWhereTest {

    private static final String HERE = Long.toString(ProcessHandle.current().pid());

    @Test
    void everyPieceOfAnIsolatedClassRunsInAChildAndNoneInTheTestJvm() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(Marked.class)), Map.of());

            assertThat(run.tests()).extracting(LauncherRun.Outcome::status).containsOnly("SUCCESSFUL").hasSize(2);
            assertThat(run.tests()).extracting(LauncherRun.Outcome::engine).containsOnly("nsunit");
            List<String> lines = log.lines();
            assertThat(lines).extracting(line -> line.split(" ")[1]).contains("static-init", "static-extension",
                    "declared-extension", "condition", "argument-source", "beforeAll", "test", "parameterized");
            assertThat(lines).as("pid of every piece").extracting(line -> line.split(" ")[0]).doesNotContain(HERE);
            assertThat(lines).as("hostname of every piece").extracting(line -> line.split(" ")[2])
                    .containsOnly("marked");
        }
    }

    @Test
    void whereTheEngineIsLeftOutIsolatedTestsFailWithTheReasonAndNothingOfThemRuns() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(Marked.class)), Map.of(),
                    includeEngines("junit-jupiter"));

            assertThat(run.containers()).filteredOn(outcome -> outcome.node().getDisplayName().endsWith("$Marked"))
                    .singleElement().satisfies(outcome -> {
                        assertThat(outcome.status()).isEqualTo("FAILED");
                        assertThat(outcome.message()).startsWith("nsunit did not isolate this test, so it was not "
                                + "run: isolated tests run under the JUnit test engine \"nsunit\"");
                    });
            assertThat(log.lines()).isEmpty();
        }
    }

    @Test
    void aMethodIsolatedInAClassOfInPlaceTestsRunsItsLifecycleOnlyInItsChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(Mixed.class)), Map.of());

            assertThat(run.tests()).extracting(outcome -> outcome.node().getDisplayName() + " " + outcome.engine()
                    + " " + outcome.status()).containsExactlyInAnyOrder("inPlace() junit-jupiter SUCCESSFUL",
                            "isolated() nsunit SUCCESSFUL");
            List<String> lines = log.lines();
            assertThat(lines).filteredOn(line -> line.contains(" beforeEach-for-isolated() ")).singleElement()
                    .satisfies(line -> assertThat(line).doesNotStartWith(HERE + " ").endsWith(" mixed"));
            assertThat(lines).filteredOn(line -> line.contains(" beforeEach-for-inPlace() ")).singleElement()
                    .satisfies(line -> assertThat(line).startsWith(HERE + " "));
        }
    }

    @Test
    void aTestSelectedByItsJupiterUniqueIdRunsIsolated() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectUniqueId("[engine:junit-jupiter]/[class:"
                    + Marked.class.getName() + "]/[method:test()]")), Map.of());

            assertThat(run.tests()).singleElement().satisfies(outcome -> {
                assertThat(outcome.engine()).isEqualTo("nsunit");
                assertThat(outcome.status()).isEqualTo("SUCCESSFUL");
            });
            assertThat(log.lines()).extracting(line -> line.split(" ")[0]).doesNotContain(HERE);
        }
    }

    @Test
    void capturedOutputReachesTheTestOnce() {
        LauncherRun run = LauncherRun.of(List.of(selectClass(Prints.class)),
                Map.of("junit.platform.output.capture.stdout", "true"));

        assertThat(run.reportEntries()).filteredOn(entry -> entry.getValue().getKeyValuePairs().containsKey("stdout"))
                .singleElement().satisfies(entry -> assertThat(entry.getValue().getKeyValuePairs().get("stdout"))
                        .isEqualTo("printed in the child\n"));
    }

    @Test
    void aPerClassChildRunsTheNestedClassesToo() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(PerClassWithNested.class)), Map.of());

            assertThat(run.tests()).extracting(LauncherRun.Outcome::status).containsOnly("SUCCESSFUL").hasSize(2);
            assertThat(log.lines()).hasSize(2).extracting(line -> line.split(" ")[0]).doesNotContain(HERE)
                    .containsOnly(log.lines().get(0).split(" ")[0]);
        }
    }

    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void mark(String what) {
        EventLog.record(what + " " + hostname());
    }

    static class Marking implements BeforeAllCallback, BeforeEachCallback, ExecutionCondition {

        private final String name;

        Marking() {
            this("declared-extension");
        }

        Marking(String name) {
            this.name = name;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            mark(name);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            mark(name);
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            mark("condition");
            return ConditionEvaluationResult.enabled("marked");
        }
    }

    @IsolatedUts(hostname = "marked")
    @ExtendWith(Marking.class)
    static class Marked {

        static {
            mark("static-init");
        }

        @RegisterExtension
        static final Marking STATIC = new Marking("static-extension");

        @BeforeAll
        static void beforeAll() {
            mark("beforeAll");
        }

        @Test
        void test() {
            mark("test");
        }

        @ParameterizedTest
        @MethodSource("arguments")
        void parameterized(int value) {
            mark("parameterized");
        }

        static Stream<Integer> arguments() {
            mark("argument-source");
            return Stream.of(1, 2).limit(1);
        }
    }

    static class Mixed {

        @BeforeEach
        void beforeEach(org.junit.jupiter.api.TestInfo info) {
            mark("beforeEach-for-" + info.getDisplayName());
        }

        @Test
        void inPlace() {
        }

        @Test
        @IsolatedUts(hostname = "mixed")
        void isolated() {
        }
    }

    @IsolatedUts
    static class Prints {

        @Test
        void prints() {
            System.out.println("printed in the child");
        }
    }

    @IsolatedUts
    @IsolatedPerClass
    static class PerClassWithNested {

        @Test
        void outer() {
            mark("outer");
        }

        @Nested
        class Inner {

            @Test
            void inner() {
                mark("inner");
            }
        }
    }
}
