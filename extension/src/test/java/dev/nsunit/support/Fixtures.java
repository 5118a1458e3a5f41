package dev.nsunit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes (nested in the specifications, never run on their own) through Jupiter. */
public final class Fixtures {

    private Fixtures() {
    }

    public static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    /**
     * Asserts that each of the fixture's {@code tests} started and passed; where one failed, the failure shows what
     * failed in the child (its throwable), not only a count.
     */
    public static void assertEachPassed(EngineExecutionResults results, int tests) {
        assertThat(results.testEvents().failed().stream()
                .map(failed -> failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()))
                .as("what failed in the child").isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests));
    }

    public static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("nsunit")
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .execute();
    }
}
