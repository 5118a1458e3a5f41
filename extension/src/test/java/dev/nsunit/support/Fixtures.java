package dev.nsunit.support;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes (nested in the specifications, never run on their own) through Jupiter. */
public final class Fixtures {

    private Fixtures() {
    }

    public static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    public static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("nsunit")
                .selectors(selectClass(fixture))
                .configurationParameters(configuration)
                .execute();
    }
}
