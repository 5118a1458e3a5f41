package dev.nsunit.internal.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.platform.engine.ConfigurationParameters;

/**
 * The run's configuration parameters that change how Jupiter runs a test, passed to each child's launcher: JVM-wide
 * settings a user may have given the launcher programmatically (Surefire's {@code configurationParameters}, the
 * EngineTestKit), which the child cannot read from a file. The child reads {@code junit-platform.properties} and
 * system properties itself.
 */
final class ForwardedParameters {

    private static final List<String> FORWARDED_PARAMETERS = List.of(
            "junit.jupiter.extensions.autodetection.enabled",
            "junit.jupiter.extensions.autodetection.include",
            "junit.jupiter.extensions.autodetection.exclude",
            "junit.jupiter.extensions.deactivate",
            "junit.jupiter.conditions.deactivate",
            "junit.jupiter.testinstance.lifecycle.default",
            "junit.jupiter.displayname.generator.default",
            "junit.jupiter.testmethod.order.default",
            "junit.jupiter.testclass.order.default",
            "junit.jupiter.execution.order.random.seed",
            "junit.jupiter.execution.timeout.default",
            "junit.jupiter.execution.timeout.mode",
            "junit.jupiter.execution.timeout.testable.method.default",
            "junit.jupiter.execution.timeout.test.method.default",
            "junit.jupiter.execution.timeout.testtemplate.method.default",
            "junit.jupiter.execution.timeout.lifecycle.method.default",
            "junit.jupiter.execution.timeout.beforeall.method.default",
            "junit.jupiter.execution.timeout.beforeeach.method.default",
            "junit.jupiter.execution.timeout.aftereach.method.default",
            "junit.jupiter.execution.timeout.afterall.method.default",
            "junit.jupiter.execution.timeout.thread.mode.default",
            "junit.jupiter.tempdir.cleanup.mode.default",
            "junit.jupiter.tempdir.scope",
            "junit.jupiter.tempdir.factory.default",
            "junit.jupiter.params.displayname.default",
            "junit.jupiter.params.argumentCountValidation",
            "junit.platform.stacktrace.pruning.enabled");

    private ForwardedParameters() {
    }

    static Map<String, String> from(ConfigurationParameters parameters) {
        Map<String, String> forwarded = new HashMap<>();
        for (String key : FORWARDED_PARAMETERS) {
            parameters.get(key).ifPresent(value -> forwarded.put(key, value));
        }
        return forwarded;
    }
}
