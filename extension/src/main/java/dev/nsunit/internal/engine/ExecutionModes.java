package dev.nsunit.internal.engine;

import java.lang.reflect.AnnotatedElement;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Whether a class or test may run beside others, read the way Jupiter reads it (when parallel execution is on):
 * {@code @Execution} on the method or class, else {@code junit.jupiter.execution.parallel.mode.classes.default} for
 * top-level classes and {@code junit.jupiter.execution.parallel.mode.default} for everything else.
 */
final class ExecutionModes {

    private static final String MODE_DEFAULT = "junit.jupiter.execution.parallel.mode.default";
    private static final String MODE_CLASSES_DEFAULT = "junit.jupiter.execution.parallel.mode.classes.default";

    private ExecutionModes() {
    }

    static boolean concurrent(TestDescriptor node, boolean topLevelClass, ConfigurationParameters parameters) {
        Object source = node.getSource().orElse(null);
        Optional<ExecutionMode> declared = Optional.empty();
        if (source instanceof MethodSource method) {
            declared = declared(method.getJavaMethod()).or(() -> declared(method.getJavaClass()));
        }
        else if (source instanceof ClassSource type) {
            declared = declared(type.getJavaClass());
        }
        if (declared.isPresent()) {
            return declared.get() == ExecutionMode.CONCURRENT;
        }
        Optional<String> mode = parameters.get(MODE_DEFAULT);
        if (topLevelClass) {
            mode = parameters.get(MODE_CLASSES_DEFAULT).or(() -> parameters.get(MODE_DEFAULT));
        }
        return mode.map(value -> value.trim().toUpperCase(Locale.ROOT).equals("CONCURRENT")).orElse(false);
    }

    /**
     * How many units run at once: {@code junit.jupiter.execution.parallel.config.strategy} {@code fixed} with its
     * {@code fixed.parallelism}, or {@code dynamic} (the default) with its {@code dynamic.factor} times the number of
     * processors. A {@code custom} strategy (user code) is read as {@code dynamic}.
     */
    static int parallelism(ConfigurationParameters parameters) {
        String prefix = "junit.jupiter.execution.parallel.config.";
        String strategy = parameters.get(prefix + "strategy").map(value -> value.trim().toLowerCase(Locale.ROOT))
                .orElse("dynamic");
        int processors = Runtime.getRuntime().availableProcessors();
        try {
            if (strategy.equals("fixed")) {
                return Math.max(1, Integer.parseInt(parameters.get(prefix + "fixed.parallelism").orElse(
                        Integer.toString(processors)).trim()));
            }
            double factor = Double.parseDouble(parameters.get(prefix + "dynamic.factor").orElse("1").trim());
            return Math.max(1, (int) (factor * processors));
        }
        catch (NumberFormatException notANumber) {
            // Jupiter fails its own run on this; here, the default
            return processors;
        }
    }

    private static Optional<ExecutionMode> declared(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, Execution.class).map(Execution::value);
    }
}
