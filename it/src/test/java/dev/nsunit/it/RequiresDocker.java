package dev.nsunit.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Marks tests that need a Docker daemon. Where none answers they are skipped, with one loud line saying why;
 * under {@code CI=true} they fail instead, because CI must never silently skip the proof.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {

    /** Decides once per JVM (as Testcontainers does), so every class gets the same first reason. */
    final class Condition implements ExecutionCondition {

        private static volatile boolean warned;
        private static volatile Optional<String> firstVerdict;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (firstVerdict == null) {
                firstVerdict = unreachable();
            }
            Optional<String> unreachable = firstVerdict;
            if (unreachable.isEmpty()) {
                return ConditionEvaluationResult.enabled("a Docker daemon answers");
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true, so the container tests of it/ must run, but "
                        + unreachable.get());
            }
            if (!warned) {
                warned = true;
                System.err.println("[nsunit-it] SKIPPING every container test of it/: " + unreachable.get()
                        + " Start a Docker daemon (.ci/run does) to run them.");
            }
            return ConditionEvaluationResult.disabled(unreachable.get());
        }

        private static Optional<String> unreachable() {
            try {
                DockerClientFactory.instance().client();
                return Optional.empty();
            }
            catch (RuntimeException e) {
                String where = System.getenv("DOCKER_HOST") != null
                        ? "DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                        : "unix:///var/run/docker.sock";
                return Optional.of("no Docker daemon answers at " + where + " (" + e.getMessage() + ").");
            }
        }
    }
}
