package dev.nsunit.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nsunit.internal.cgroup.LimitPlan;
import dev.nsunit.internal.linux.ResourceLimits;

/**
 * Marks specifications that need cgroups for resource limits here: memory, pids and cpu controllers, below the
 * test JVM's own cgroups. Elsewhere (cgroup v2 with the test JVM in a cgroup other than the root, as on most CI
 * runners) they are skipped with the reason, loudly.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsLimits.Condition.class)
public @interface NeedsLimits {

    /** Decides, with the same plan the extension makes. */
    final class Condition implements ExecutionCondition {

        private static volatile boolean warned;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> unavailable = LimitPlan.refusal(new ResourceLimits(64 << 20, 64, 1));
            if (unavailable.isEmpty()) {
                return ConditionEvaluationResult.enabled("cgroups with limits can be created here");
            }
            if (!warned) {
                warned = true;
                System.err.println("[nsunit] SKIPPING the specifications that limit resources: " + unavailable.get());
            }
            return ConditionEvaluationResult.disabled(unavailable.get());
        }
    }
}
