package dev.nsunit.internal.engine;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import dev.nsunit.internal.setup.IsolationAnnotations;

/**
 * Keeps Jupiter in the test JVM away from the isolated tests that the nsunit engine runs in children, so that
 * nothing of them (class initialization, extensions, conditions, argument sources) runs on the host. Registered
 * through {@code ServiceLoader}; removes only what the nsunit engine claimed in the same discovery (see
 * {@link DiscoveryClaims}). The launcher removes an excluded descriptor only once it has no children left, so every
 * claimed test and container is excluded, and a class emptied this way disappears.
 *
 * <p>Other engines (JUnit Vintage for JUnit 4 tests, jqwik, ...) know nothing of the isolation annotations nor of
 * their guard, which is a Jupiter extension: they would run a test that carries one in the test JVM, on the host. So
 * this filter takes every such test from them and hands it to the nsunit engine beside them, which reports it failed
 * with the reason ({@link RefusedTest}); where no nsunit engine takes part, it says so on standard error. JUnit's
 * suite engine is not among them: it only holds the other engines, whose tests this filter sees in its tree.
 */
public final class IsolatedClassFilter implements PostDiscoveryFilter {

    private static final String SUITE = "junit-platform-suite";

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        String engine = EngineIds.engineOf(descriptor.getUniqueId());
        if (engine.equals(EngineIds.JUPITER)) {
            return DiscoveryClaims.isClaimed(descriptor)
                    ? FilterResult.excluded("isolated: run in a child JVM by the nsunit engine")
                    : FilterResult.included("not isolated");
        }
        if (!engine.equals(EngineIds.NSUNIT) && !engine.equals(SUITE)
                && carriesIsolation(descriptor.getSource().orElse(null))) {
            if (descriptor.isTest() && !DiscoveryClaims.refuse(descriptor)) {
                System.err.println("nsunit: " + descriptor.getLegacyReportingName() + " ("
                        + descriptor.getUniqueId() + "): " + RefusedTest.reason(engine) + " The engine \"nsunit\" "
                        + "is not in this run to report it failed: include it beside \"" + engine + "\".");
            }
            return FilterResult.excluded("not run: a test of another engine than Jupiter that carries an isolation "
                    + "annotation");
        }
        return FilterResult.included("not isolated");
    }

    /**
     * Whether an isolation annotation applies to the class or method of this source: for a class, on it or on any of
     * its methods (the other engine's class is left without tests once they are taken).
     */
    private static boolean carriesIsolation(TestSource source) {
        try {
            if (source instanceof ClassSource type) {
                Isolated isolated = ISOLATED.get(type.getJavaClass());
                return isolated.wholeClass || !isolated.methods.isEmpty();
            }
            if (source instanceof MethodSource method) {
                Isolated isolated = ISOLATED.get(method.getJavaClass());
                // JUnit 4 names a parameterized test "name[index]".
                return isolated.wholeClass
                        || isolated.methods.contains(method.getMethodName().replaceFirst("\\[.*$", ""));
            }
        }
        catch (RuntimeException | LinkageError cannotLoad) {
            // The other engine reports a class it cannot load itself.
        }
        return false;
    }

    /** What of a class is isolated, read once per class: another engine's tests are many, their classes few. */
    private static final ClassValue<Isolated> ISOLATED = new ClassValue<>() {
        @Override
        protected Isolated computeValue(Class<?> testClass) {
            // As MayHoldIsolatedTests reads Jupiter's classes: declared or inherited, public or not (an engine such
            // as jqwik runs package-private methods).
            Set<String> methods = new HashSet<>();
            for (Method method : ReflectionSupport.findMethods(testClass, IsolationAnnotations::isIsolated,
                    HierarchyTraversalMode.TOP_DOWN)) {
                methods.add(method.getName());
            }
            return new Isolated(IsolationAnnotations.isIsolated(testClass), Set.copyOf(methods));
        }
    };

    private record Isolated(boolean wholeClass, Set<String> methods) {
    }
}
