package dev.nsunit.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.Filter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs selectors through the default Launcher, with every engine and everything it registers through
 * {@code ServiceLoader}, as Surefire, Gradle and IDEs do; records what a listener sees.
 */
public final class LauncherRun {

    /** One finished or skipped node: its identifier, and its result or skip reason. */
    public record Outcome(TestIdentifier node, TestExecutionResult result, String skipReason) {

        public String status() {
            return result == null ? "SKIPPED" : result.getStatus().name();
        }

        public String message() {
            return Optional.ofNullable(result).flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage)
                    .orElse(skipReason);
        }

        public String engine() {
            return node.getUniqueIdObject().getEngineId().orElseThrow();
        }
    }

    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<TestIdentifier> registered = Collections.synchronizedList(new ArrayList<>());
    private final List<Map.Entry<TestIdentifier, ReportEntry>> entries = Collections.synchronizedList(
            new ArrayList<>());

    private LauncherRun() {
    }

    public static LauncherRun of(List<? extends DiscoverySelector> selectors, Map<String, String> configuration,
            Filter<?>... filters) {
        LauncherRun run = new LauncherRun();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(filters)
                .configurationParameters(configuration)
                .build(), run.listener());
        return run;
    }

    private TestExecutionListener listener() {
        return new TestExecutionListener() {
            @Override
            public void dynamicTestRegistered(TestIdentifier node) {
                registered.add(node);
            }

            @Override
            public void executionSkipped(TestIdentifier node, String reason) {
                outcomes.add(new Outcome(node, null, reason));
            }

            @Override
            public void executionFinished(TestIdentifier node, TestExecutionResult result) {
                outcomes.add(new Outcome(node, result, null));
            }

            @Override
            public void reportingEntryPublished(TestIdentifier node, ReportEntry entry) {
                entries.add(Map.entry(node, entry));
            }
        };
    }

    /** The tests' outcomes (not containers'), in the order they were reported. */
    public List<Outcome> tests() {
        return outcomes.stream().filter(outcome -> outcome.node().isTest()).toList();
    }

    public List<Outcome> containers() {
        return outcomes.stream().filter(outcome -> outcome.node().isContainer()).toList();
    }

    public List<TestIdentifier> registered() {
        return List.copyOf(registered);
    }

    public List<Map.Entry<TestIdentifier, ReportEntry>> reportEntries() {
        return List.copyOf(entries);
    }
}
