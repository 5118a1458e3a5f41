package dev.nsunit.internal.engine;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.setup.IsolationAnnotations;

/**
 * What a run will do, decided from the discovered tree before it starts: which nodes are units of one child each (a
 * class run whole, a test, a template's invocations), which are disabled here, and in which order the units come,
 * so that children can be started ahead for the next ones. Reads annotations only: no user code runs.
 */
final class RunPlan {

    private final ConfigurationParameters parameters;
    private final Map<TestDescriptor, Integer> planIndex = new IdentityHashMap<>();
    private final List<NamespaceSetup> plan = new ArrayList<>();

    RunPlan(TestDescriptor root, ConfigurationParameters parameters) {
        this.parameters = parameters;
        root.getChildren().forEach(this::plan);
    }

    /** A class that one child runs whole: {@code @IsolatedPerClass}, or a class template. */
    static boolean isWholeClassUnit(TestDescriptor node) {
        if (!(node.getSource().orElse(null) instanceof ClassSource source)) {
            return false;
        }
        return node instanceof ClassTemplateUnit || IsolationAnnotations.isIsolated(source.getJavaClass())
                && IsolationAnnotations.isPerClass(source.getJavaClass());
    }

    /** The namespaces and settings a test (or the class, for a class with no test of its own) asks for. */
    static NamespaceSetup setupOf(TestDescriptor test) {
        Object source = test.getSource().orElse(null);
        return source instanceof MethodSource method
                ? IsolationAnnotations.resolve(method.getJavaClass(), method.getJavaMethod())
                : IsolationAnnotations.resolve(((ClassSource) source).getJavaClass(), null);
    }

    static boolean isTemplate(TestDescriptor node) {
        return node.getUniqueId().getLastSegment().getType().equals("test-template");
    }

    /** The number of invocations a template declares in its annotation ({@code @RepeatedTest}), or 0 if unknown. */
    static int knownInvocations(TestDescriptor template) {
        Method method = ((MethodSource) template.getSource().orElseThrow()).getJavaMethod();
        return AnnotationSupport.findAnnotation(method, RepeatedTest.class).map(RepeatedTest::value).orElse(0);
    }

    /**
     * Jupiter's {@code @Disabled}, decided here as Jupiter's own condition would (it reads an annotation and runs no
     * user code), so that a disabled class or test costs no child and is reported as in place. Left to the child
     * when the user deactivates conditions.
     */
    Optional<String> disabledReason(TestDescriptor node) {
        if (parameters.get("junit.jupiter.conditions.deactivate").isPresent()) {
            return Optional.empty();
        }
        AnnotatedElement element = null;
        Object source = node.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            element = method.getJavaMethod();
        }
        else if (source instanceof ClassSource type) {
            element = type.getJavaClass();
        }
        if (element == null) {
            return Optional.empty();
        }
        AnnotatedElement disabledElement = element;
        return AnnotationSupport.findAnnotation(element, Disabled.class).map(annotation ->
                annotation.value().isBlank() ? disabledElement + " is @Disabled" : annotation.value());
    }

    /** Records the units in the order they will run, so that children can be started ahead for the next ones. */
    private void plan(TestDescriptor node) {
        if (disabledReason(node).isPresent()) {
            return;
        }
        NamespaceSetup setup = null;
        try {
            if (node instanceof ClassTemplateUnit template) {
                setup = setupOf(template.selectedTests().get(0));
            }
            else if (isWholeClassUnit(node)) {
                setup = IsolationAnnotations.resolve(((ClassSource) node.getSource().orElseThrow()).getJavaClass(),
                        null);
            }
            else if (node.getSource().orElse(null) instanceof MethodSource method) {
                setup = IsolationAnnotations.resolve(method.getJavaClass(), method.getJavaMethod());
            }
        }
        catch (RuntimeException invalid) {
            return;
        }
        if (setup != null) {
            planIndex.put(node, plan.size());
            plan.add(setup);
            if (isTemplate(node)) {
                // one unit per invocation: as many as declared, or at least one more, probably
                int known = knownInvocations(node);
                for (int more = 1; more < Math.max(2, known); more++) {
                    plan.add(setup);
                }
            }
            return;
        }
        node.getChildren().forEach(this::plan);
    }

    /** The setups of the units after this one, in the order they will run. */
    List<NamespaceSetup> upcoming(TestDescriptor node, int ordinal) {
        Integer index = planIndex.get(node);
        if (index == null) {
            return List.of();
        }
        int from = Math.min(plan.size(), index + ordinal);
        if (isTemplate(node) && knownInvocations(node) == 0 && ordinal > 1) {
            // An invocation beyond the plan's guess: probably one more of the same.
            List<NamespaceSetup> next = new ArrayList<>(plan.subList(from, plan.size()));
            next.add(0, plan.get(index));
            return next;
        }
        return List.copyOf(plan.subList(from, plan.size()));
    }
}
