package dev.nsunit.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Marks specifications that need this machine to create namespaces (root, or CAP_SYS_ADMIN). Elsewhere they are
 * skipped with the reason, loudly; under {@code CI=true} they fail instead, because CI must never skip the proof.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsNamespaces.Condition.class)
public @interface NeedsNamespaces {

    /**
     * Types needed beyond the six every kernel nsunit meets has, so that a kernel without cgroup or time namespaces
     * skips only the specifications of those.
     */
    NamespaceType[] also() default {};

    /** Decides, with the same probe the extension uses. */
    final class Condition implements ExecutionCondition {

        private static volatile boolean warned;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            EnumSet<NamespaceType> types = EnumSet.range(NamespaceType.USER, NamespaceType.PID);
            AnnotationSupport.findAnnotation(context.getElement(), NeedsNamespaces.class)
                    .or(() -> context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type,
                            NeedsNamespaces.class)))
                    .ifPresent(needs -> types.addAll(List.of(needs.also())));
            Optional<String> unavailable = EnvironmentProbe.unavailable(types);
            if (unavailable.isEmpty()) {
                return ConditionEvaluationResult.enabled("namespaces can be created here");
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true, so nsunit's specifications must run, but " + unavailable.get());
            }
            if (!warned) {
                warned = true;
                System.err.println("[nsunit] SKIPPING the specifications that create namespaces: " + unavailable.get());
            }
            return ConditionEvaluationResult.disabled(unavailable.get());
        }
    }
}
