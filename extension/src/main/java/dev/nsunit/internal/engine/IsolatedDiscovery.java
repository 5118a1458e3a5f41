package dev.nsunit.internal.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryListener;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.SelectorResolutionResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.IterationSelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedClassSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

import dev.nsunit.internal.setup.IsolationAnnotations;

/**
 * The parent's discovery: Jupiter's own, for the same request, under the nsunit engine's id, keeping what is
 * isolated. Jupiter's discovery reads classes and annotations only: no isolated class is initialized, no extension
 * or argument source runs. The kept descriptors are Jupiter's, so names, sources, tags and legacy reporting names
 * are exactly what Jupiter would report.
 *
 * <p>A class is kept whole when an isolation annotation applies to it (directly, through a composed annotation, or
 * from a class enclosing a {@code @Nested} one); in a class that is not, only the methods annotated themselves are
 * kept, under their class. Whatever is kept is claimed from Jupiter in the test JVM ({@link DiscoveryClaims}).
 */
final class IsolatedDiscovery {

    private IsolatedDiscovery() {
    }

    static NsunitEngineDescriptor discover(EngineDiscoveryRequest request, UniqueId engineId) {
        // Most classes of most projects hold no isolated test, and Surefire, Gradle and IDEs select classes by name:
        // Jupiter need not read such a class a second time here to find nothing, which took it about 0.2 ms of CPU
        // per class (500 classes of five tests, each a run of one launcher session, as Surefire runs them).
        List<DiscoverySelector> selectors = request.getSelectorsByType(DiscoverySelector.class);
        Set<DiscoverySelector> leftToJupiter = new HashSet<>();
        for (DiscoverySelector selector : selectors) {
            if (namesClassHoldingNoIsolatedTest(selector)) {
                leftToJupiter.add(selector);
                // As Jupiter's discovery here reports a class it filters out.
                request.getDiscoveryListener().selectorProcessed(engineId, selector,
                        SelectorResolutionResult.unresolved());
            }
        }
        if (!selectors.isEmpty() && leftToJupiter.size() == selectors.size()) {
            NsunitEngineDescriptor empty = new NsunitEngineDescriptor(engineId);
            DiscoveryClaims.claim(empty, Set.of());
            return empty;
        }
        TestEngine jupiter = JupiterEngine.create();
        TestDescriptor jupiterTree = jupiter.discover(translated(request, jupiter, leftToJupiter), engineId);
        NsunitEngineDescriptor engine = new NsunitEngineDescriptor(engineId);
        for (TestDescriptor child : List.copyOf(jupiterTree.getChildren())) {
            if (keep(child)) {
                jupiterTree.removeChild(child);
                engine.addChild(child);
            }
        }
        List<TestDescriptor> classTemplates = new ArrayList<>();
        engine.accept(descriptor -> {
            if (ClassTemplateUnit.isClassTemplate(descriptor)) {
                classTemplates.add(descriptor);
            }
        });
        classTemplates.forEach(ClassTemplateUnit::replace);
        Set<UniqueId> claimed = new HashSet<>();
        engine.accept(descriptor -> {
            if (descriptor != engine) {
                claimed.add(EngineIds.withEngine(descriptor.getUniqueId(), EngineIds.JUPITER));
            }
        });
        DiscoveryClaims.claim(engine, claimed);
        engine.selectBelowUnits(selectedBelowUnits(request, engine));
        return engine;
    }

    /**
     * Whether the descriptor stays in the nsunit tree: an isolated class whole, a method annotated itself, a
     * container of either; removes the children that do not.
     */
    private static boolean keep(TestDescriptor descriptor) {
        Optional<TestSource> source = descriptor.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource type) {
            if (IsolationAnnotations.isIsolated(type.getJavaClass())) {
                return true;
            }
        }
        else if (source.isPresent() && source.get() instanceof MethodSource method) {
            return IsolationAnnotations.isIsolated(method.getJavaMethod());
        }
        for (TestDescriptor child : List.copyOf(descriptor.getChildren())) {
            if (!keep(child)) {
                descriptor.removeChild(child);
            }
        }
        return !descriptor.getChildren().isEmpty();
    }

    /**
     * Whether the selector names a class, or a method of one, that holds no isolated test: no other kind of
     * selector (a package, a unique id, an iteration, ...) is read here, and a class that cannot be loaded holds one,
     * so that Jupiter says why.
     */
    private static boolean namesClassHoldingNoIsolatedTest(DiscoverySelector selector) {
        String className;
        if (selector instanceof ClassSelector type) {
            className = type.getClassName();
        }
        else if (selector instanceof MethodSelector method) {
            className = method.getClassName();
        }
        else if (selector instanceof NestedClassSelector nested) {
            className = nested.getNestedClassName();
        }
        else if (selector instanceof NestedMethodSelector nested) {
            className = nested.getNestedClassName();
        }
        else {
            return false;
        }
        return !MayHoldIsolatedTests.mayHold(className);
    }

    /**
     * What is selected below the units that children run: template invocations and dynamic tests or containers, by
     * unique id (an IDE re-running one), and invocations by iteration selectors ({@code --select-iteration}), each
     * index the invocation one less than its number.
     */
    private static Set<UniqueId> selectedBelowUnits(EngineDiscoveryRequest request, TestDescriptor engine) {
        Set<UniqueId> selected = request.getSelectorsByType(UniqueIdSelector.class).stream()
                .map(selector -> EngineIds.withEngine(selector.getUniqueId(), EngineIds.NSUNIT))
                .filter(id -> id.getSegments().stream().anyMatch(segment -> segment.getType().startsWith("dynamic-")
                        || segment.getType().equals("test-template-invocation")))
                .collect(Collectors.toSet());
        for (IterationSelector iterations : request.getSelectorsByType(IterationSelector.class)) {
            engine.accept(descriptor -> {
                if (RunPlan.isTemplate(descriptor) && isSelectedBy(descriptor, iterations.getParentSelector())) {
                    for (int index : iterations.getIterationIndices()) {
                        selected.add(descriptor.getUniqueId().append("test-template-invocation", "#" + (index + 1)));
                    }
                }
            });
        }
        return selected;
    }

    /** Whether the selector (of an iteration selector) selects this template. */
    private static boolean isSelectedBy(TestDescriptor template, DiscoverySelector selector) {
        MethodSource source = (MethodSource) template.getSource().orElseThrow();
        if (selector instanceof MethodSelector method) {
            return source.getClassName().equals(method.getClassName())
                    && source.getJavaMethod().equals(method.getJavaMethod());
        }
        if (selector instanceof NestedMethodSelector method) {
            return source.getClassName().equals(method.getNestedClassName())
                    && source.getJavaMethod().equals(method.getMethod());
        }
        return selector instanceof UniqueIdSelector byId
                && EngineIds.withEngine(byId.getUniqueId(), EngineIds.NSUNIT).equals(template.getUniqueId());
    }

    /**
     * The request as Jupiter should see it here: unique ids of Jupiter's tree also select the same tests in the
     * nsunit engine's (an IDE re-running a test from a tree made before the test was isolated); the selectors of
     * classes left to Jupiter are left out, and only classes that may hold an isolated test are read
     * ({@link MayHoldIsolatedTests}); a discovery issue is
     * reported only where it concerns what the nsunit engine keeps and Jupiter in the test JVM does not report it too.
     * A proxy, so that the methods of newer Platform versions reach the real request too.
     */
    private static EngineDiscoveryRequest translated(EngineDiscoveryRequest request, TestEngine jupiter,
            Set<DiscoverySelector> leftToJupiter) {
        ReportedByJupiter reportedByJupiter = ReportedByJupiter.of(request, jupiter);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("getSelectorsByType") && args != null && args.length == 1) {
                List<?> selectors = (List<?>) invoke(method, request, args);
                return selectors.stream().filter(selector -> !leftToJupiter.contains(selector))
                        .map(IsolatedDiscovery::translated).collect(Collectors.toList());
            }
            if (method.getName().equals("getFiltersByType") && args != null && args.length == 1
                    && args[0] == ClassNameFilter.class) {
                // Last, so that the request's own filters exclude a class before this one loads it.
                List<Object> filters = new ArrayList<>((List<?>) invoke(method, request, args));
                filters.add(new MayHoldIsolatedTests());
                return filters;
            }
            if (method.getName().equals("getDiscoveryListener") && (args == null || args.length == 0)) {
                return issuesOfIsolatedTestsOnly((EngineDiscoveryListener) invoke(method, request, args),
                        reportedByJupiter);
            }
            return invoke(method, request, args);
        };
        return (EngineDiscoveryRequest) Proxy.newProxyInstance(IsolatedDiscovery.class.getClassLoader(),
                new Class<?>[] { EngineDiscoveryRequest.class }, handler);
    }

    private static EngineDiscoveryListener issuesOfIsolatedTestsOnly(EngineDiscoveryListener listener,
            ReportedByJupiter reportedByJupiter) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("issueEncountered") && args != null && args.length == 2
                    && args[1] instanceof DiscoveryIssue issue
                    && (!concernsIsolatedTest(issue) || reportedByJupiter.test(issue))) {
                return null;
            }
            return invoke(method, listener, args);
        };
        return (EngineDiscoveryListener) Proxy.newProxyInstance(IsolatedDiscovery.class.getClassLoader(),
                new Class<?>[] { EngineDiscoveryListener.class }, handler);
    }

    /**
     * What Jupiter in the test JVM reports itself, so that the nsunit engine must not report it again: it reads every
     * class it is asked to, the isolated ones too, since nsunit's filter takes them away only after discovery. It
     * does not where an engine filter leaves Jupiter out, nor for a class selected by a unique id of the nsunit
     * engine (an IDE re-running an isolated test), which Jupiter does not resolve. No lambda of its own takes a
     * {@code DiscoveryIssue}: that type is JUnit 5.13's, and where it is missing nothing may load it.
     */
    private record ReportedByJupiter(boolean jupiterLeftOut, Set<String> selectedForNsunitOnly) {

        static ReportedByJupiter of(EngineDiscoveryRequest request, TestEngine jupiter) {
            boolean leftOut = request instanceof LauncherDiscoveryRequest launcherRequest && launcherRequest
                    .getEngineFilters().stream().anyMatch(filter -> filter.apply(jupiter).excluded());
            Set<String> selected = request.getSelectorsByType(UniqueIdSelector.class).stream()
                    .map(UniqueIdSelector::getUniqueId)
                    .filter(id -> EngineIds.isEngine(id, EngineIds.NSUNIT) && !EngineIds.below(id).isEmpty())
                    .map(id -> EngineIds.below(id).get(0).getValue())
                    .collect(Collectors.toSet());
            return new ReportedByJupiter(leftOut, selected);
        }

        boolean test(DiscoveryIssue issue) {
            if (jupiterLeftOut) {
                return false;
            }
            Optional<String> name = className(issue);
            return name.isEmpty() || selectedForNsunitOnly.stream()
                    .noneMatch(selected -> name.get().equals(selected) || name.get().startsWith(selected + "$"));
        }

        private static Optional<String> className(DiscoveryIssue issue) {
            TestSource source = issue.source().orElse(null);
            if (source instanceof MethodSource method) {
                return Optional.of(method.getClassName());
            }
            if (source instanceof ClassSource type) {
                return Optional.of(type.getClassName());
            }
            return Optional.empty();
        }
    }

    private static boolean concernsIsolatedTest(DiscoveryIssue issue) {
        TestSource source = issue.source().orElse(null);
        try {
            if (source instanceof MethodSource method) {
                return IsolationAnnotations.isIsolated(method.getJavaClass())
                        || IsolationAnnotations.isIsolated(method.getJavaMethod());
            }
            if (source instanceof ClassSource type) {
                return IsolationAnnotations.isIsolated(type.getJavaClass());
            }
        }
        catch (RuntimeException | LinkageError cannotLoad) {
            // Jupiter reports it itself
        }
        return false;
    }

    private static Object translated(Object selector) {
        if (selector instanceof UniqueIdSelector byId && EngineIds.isEngine(byId.getUniqueId(), EngineIds.JUPITER)) {
            DiscoverySelector same = DiscoverySelectors.selectUniqueId(
                    EngineIds.withEngine(byId.getUniqueId(), EngineIds.NSUNIT));
            return same;
        }
        return selector;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

}
