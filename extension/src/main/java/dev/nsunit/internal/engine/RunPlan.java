package dev.nsunit.internal.engine;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestTemplate;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
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

    /** By name: {@code junit-jupiter-params} need not be on the class path. */
    private static final Set<String> INDEPENDENT_INVOCATIONS = Set.of("org.junit.jupiter.params.ParameterizedTest",
            RepeatedTest.class.getName());

    private final NsunitEngineDescriptor root;
    private final ConfigurationParameters parameters;
    private final Map<TestDescriptor, Integer> planIndex = new IdentityHashMap<>();
    private final List<Unit> plan = new ArrayList<>();
    private final Map<TestDescriptor, Integer> declaredInvocations = new ConcurrentHashMap<>();

    /**
     * A unit in the plan: its setup, and the Jupiter ids its child will run where they are known before it runs (a
     * test method's, an invocation's), else null (a class, whose selection leaves out what it refuses as it runs).
     */
    record Unit(NamespaceSetup setup, List<String> jupiterIds) {
    }

    RunPlan(NsunitEngineDescriptor root, ConfigurationParameters parameters) {
        this.root = root;
        this.parameters = parameters;
        root.getChildren().forEach(this::plan);
    }

    /** What a test method, a factory or a template run whole runs in its child. */
    List<String> selection(TestDescriptor node) {
        return root.selection(node).stream().map(EngineIds::toJupiter).toList();
    }

    /**
     * The id of a template's invocation to run, by its place in the run (1 for the first): of all, or of those
     * selected ({@link #selectedInvocations}); null past the selected ones.
     */
    static UniqueId invocation(TestDescriptor template, List<UniqueId> selected, int index) {
        if (selected.isEmpty()) {
            return template.getUniqueId().append("test-template-invocation", "#" + index);
        }
        return index <= selected.size() ? selected.get(index - 1) : null;
    }

    /** The template's invocations selected by unique id or iteration, in their order; empty if all run. */
    List<UniqueId> selectedInvocations(TestDescriptor template) {
        return root.selectedInvocations(template).stream()
                .sorted(Comparator.comparingInt(RunPlan::invocationNumber)).toList();
    }

    static int invocationNumber(UniqueId invocation) {
        return Integer.parseInt(invocation.getLastSegment().getValue().substring(1));
    }

    /** A class that one child runs whole: {@code @IsolatedPerClass}, or a class template. */
    static boolean isWholeClassUnit(TestDescriptor node) {
        if (!(node.getSource().orElse(null) instanceof ClassSource source)) {
            return false;
        }
        return node instanceof ClassTemplateUnit || IsolationAnnotations.isIsolated(source.getJavaClass())
                && IsolationAnnotations.isPerClass(source.getJavaClass());
    }

    /** The namespaces and settings a test or class asks for; null for a node of neither. */
    static NamespaceSetup setupOf(TestDescriptor node) {
        Object source = node.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return IsolationAnnotations.resolve(method.getJavaClass(), method.getJavaMethod());
        }
        return source instanceof ClassSource type ? IsolationAnnotations.resolve(type.getJavaClass(), null) : null;
    }

    /** A test template: its invocations are made only as it runs. */
    static boolean isTemplate(TestDescriptor node) {
        return node.getUniqueId().getLastSegment().getType().equals("test-template");
    }

    /**
     * A template whose invocations each get a child of their own: Jupiter's own {@code @ParameterizedTest} and
     * {@code @RepeatedTest}, whose invocations do not depend on each other. Any other template's provider may make an
     * invocation depend on those before it in the same JVM (a retrying test's next attempt exists only once the one
     * before has failed): asked for its second invocation, a fresh child would find none, and a test that fails every
     * attempt would pass as one aborted attempt. Such a template runs whole in one child, as a factory does.
     */
    static boolean eachInvocationIsolated(TestDescriptor node) {
        if (!isTemplate(node)) {
            return false;
        }
        Set<String> kinds = new HashSet<>();
        for (Annotation annotation : ((MethodSource) node.getSource().orElseThrow()).getJavaMethod().getAnnotations()) {
            collectTemplateKinds(annotation.annotationType(), kinds, new HashSet<>());
        }
        return !kinds.isEmpty() && INDEPENDENT_INVOCATIONS.containsAll(kinds);
    }

    /** The annotation types, this one or those it is meta-annotated with, that make a method a template. */
    private static void collectTemplateKinds(Class<? extends Annotation> type, Set<String> kinds,
            Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type == TestTemplate.class || type.isAnnotationPresent(TestTemplate.class)) {
            kinds.add(type.getName());
            return;
        }
        for (Annotation meta : type.getAnnotations()) {
            collectTemplateKinds(meta.annotationType(), kinds, seen);
        }
    }

    /**
     * The number of invocations a template's annotations declare ({@link DeclaredInvocations}), or 0 if unknown;
     * read once per template, not for each of its invocations.
     */
    int knownInvocations(TestDescriptor template) {
        return declaredInvocations.computeIfAbsent(template, each -> DeclaredInvocations.of(
                ((MethodSource) each.getSource().orElseThrow()).getJavaMethod()));
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
            else if (node.getSource().orElse(null) instanceof MethodSource) {
                setup = setupOf(node);
            }
        }
        catch (RuntimeException invalid) {
            return;
        }
        if (setup != null) {
            planIndex.put(node, plan.size());
            if (eachInvocationIsolated(node)) {
                // One unit per invocation: those selected, or as many as declared, or else two (probably one more
                // than the first); a unit planned that never runs costs a child started ahead for nothing.
                int known = knownInvocations(node);
                List<UniqueId> selected = selectedInvocations(node);
                int units = !selected.isEmpty() ? selected.size() : known > 0 ? known : 2;
                for (int index = 1; index <= units; index++) {
                    plan.add(new Unit(setup, invocationIds(node, selected, index)));
                }
            }
            else {
                boolean method = node.getSource().orElse(null) instanceof MethodSource;
                plan.add(new Unit(setup, method ? selection(node) : null));
            }
            return;
        }
        node.getChildren().forEach(this::plan);
    }

    private static List<String> invocationIds(TestDescriptor template, List<UniqueId> selected, int index) {
        UniqueId invocation = invocation(template, selected, index);
        return invocation == null ? null : List.of(EngineIds.toJupiter(invocation));
    }

    /** The units after this one, in the order they will run. */
    List<Unit> upcoming(TestDescriptor node, int ordinal) {
        Integer index = planIndex.get(node);
        if (index == null) {
            return List.of();
        }
        int from = Math.min(plan.size(), index + ordinal);
        if (ordinal > 1 && eachInvocationIsolated(node) && knownInvocations(node) == 0
                && selectedInvocations(node).isEmpty()) {
            // An invocation beyond the plan's guess, none selected: probably one more of the same.
            List<Unit> next = new ArrayList<>(plan.subList(from, plan.size()));
            next.add(0, new Unit(plan.get(index).setup(), invocationIds(node, List.of(), ordinal + 1)));
            return next;
        }
        return List.copyOf(plan.subList(from, plan.size()));
    }
}
