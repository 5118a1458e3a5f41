package dev.nsunit.internal.engine;

import java.lang.reflect.Method;
import java.util.Optional;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * A {@code @RepeatedTest}'s {@code failureThreshold}, kept by the parent. Jupiter counts a repeated test's failures
 * in the JVM that runs its repetitions, and each isolated repetition runs in a child of its own, which never sees
 * the others'. Once as many repetitions have failed, the parent starts no child for the rest: it registers and skips
 * each as Jupiter does in place, with Jupiter's display name and reason.
 */
final class RepetitionThreshold {

    private final int threshold;
    private final String pattern;

    private RepetitionThreshold(int threshold, String pattern) {
        this.threshold = threshold;
        this.pattern = pattern;
    }

    /** The template's threshold, where it is a {@code @RepeatedTest} that sets one. */
    static Optional<RepetitionThreshold> of(TestDescriptor template) {
        Method method = ((MethodSource) template.getSource().orElseThrow()).getJavaMethod();
        return AnnotationSupport.findAnnotation(method, RepeatedTest.class)
                .filter(repeated -> repeated.failureThreshold() > 0 && repeated.failureThreshold() < Integer.MAX_VALUE)
                .map(repeated -> new RepetitionThreshold(repeated.failureThreshold(), repeated.name().trim()));
    }

    boolean reachedBy(int failures) {
        return failures >= threshold;
    }

    /** Reports the repetition skipped, as Jupiter's {@code RepetitionExtension} does once the threshold is reached. */
    void skip(TestDescriptor template, int repetition, int total, EngineExecutionListener listener) {
        RelayedDescriptor skipped = new RelayedDescriptor(
                template.getUniqueId().append("test-template-invocation", "#" + repetition),
                displayName(template, repetition, total), template.getSource().orElse(null), TestDescriptor.Type.TEST,
                template.getLegacyReportingName() + "[" + repetition + "]", template.getTags());
        // Its parent, but not among the parent's children, as the relayed invocations are (see UnitReplay).
        skipped.setParent(template);
        listener.dynamicTestRegistered(skipped);
        listener.executionSkipped(skipped, "Failure threshold [" + threshold + "] exceeded");
    }

    /** As Jupiter's {@code RepeatedTestDisplayNameFormatter} names a repetition. */
    private String displayName(TestDescriptor template, int repetition, int total) {
        return pattern.replace(RepeatedTest.DISPLAY_NAME_PLACEHOLDER, template.getDisplayName())
                .replace(RepeatedTest.CURRENT_REPETITION_PLACEHOLDER, String.valueOf(repetition))
                .replace(RepeatedTest.TOTAL_REPETITIONS_PLACEHOLDER, String.valueOf(total));
    }
}
