package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.launcher.TagFilter;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.LauncherRun;
import dev.nsunit.support.NeedsNamespaces;

/** Isolated tests are selected as in place: by method, by tag, by unique id (as an IDE re-runs one). */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class SelectionTest {

    @Test
    void aMethodSelectorRunsThatTestAlone() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectMethod(Selectable.class, "tagged")), Map.of());

            assertThat(run.tests()).extracting(outcome -> outcome.node().getDisplayName() + " " + outcome.status())
                    .containsExactly("tagged() SUCCESSFUL");
            assertThat(log.lines()).extracting(line -> line.split(" ")[1]).containsExactly("tagged");
        }
    }

    @Test
    void aTagFilterKeepsTheTaggedIsolatedTestsOnly() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectClass(Selectable.class)), Map.of(),
                    TagFilter.includeTags("chosen"));

            assertThat(run.tests()).extracting(outcome -> outcome.node().getDisplayName())
                    .containsExactly("tagged()");
            assertThat(log.lines()).extracting(line -> line.split(" ")[1]).containsExactly("tagged");
        }
    }

    @Test
    void oneInvocationSelectedByItsUniqueIdRunsAloneInOneChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            LauncherRun run = LauncherRun.of(List.of(selectUniqueId("[engine:nsunit]/[class:"
                    + Selectable.class.getName() + "]/[test-template:parameterized(int)]/[test-template-invocation:#2]")),
                    Map.of());

            assertThat(run.tests()).singleElement().satisfies(outcome -> {
                assertThat(outcome.node().getDisplayName()).startsWith("[2] ").endsWith("20");
                assertThat(outcome.status()).isEqualTo("SUCCESSFUL");
            });
            assertThat(log.lines()).extracting(line -> line.split(" ", 2)[1]).containsExactly("parameterized 20");
        }
    }

    @IsolatedUts
    static class Selectable {

        @Test
        @Tag("chosen")
        void tagged() {
            EventLog.record("tagged");
        }

        @Test
        void untagged() {
            EventLog.record("untagged");
        }

        @ParameterizedTest
        @ValueSource(ints = { 10, 20, 30 })
        void parameterized(int value) {
            EventLog.record("parameterized " + value);
        }
    }
}
