package dev.nsunit.internal.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.discovery.ClassNameFilter;

import dev.nsunit.internal.setup.IsolationAnnotations;

/**
 * The classes the nsunit engine's own Jupiter discovery reads: those that may hold an isolated test. A class that
 * holds none is Jupiter's alone, and Jupiter in the test JVM discovers it once, as without nsunit. Before this
 * filter, the nsunit engine had Jupiter build the tests of every class it was asked for, only to keep the isolated
 * ones: a project's in-place tests were discovered twice, and what a class runs at discovery (its display name
 * generator, its method orderer) ran twice. Measured on commons-lang3's suite (83,000 tests, none isolated), its
 * discovery alone took 8.9 to 11.5 s of CPU with nsunit on the class path and 6.7 to 7.3 without; with this filter,
 * 7.4 to 7.9 against 7.2 to 7.5 (3 runs each, interleaved).
 *
 * <p>A class may hold an isolated test when an isolation annotation applies to it (see
 * {@link IsolationAnnotations#isIsolated(Class)}), to one of its methods or those it inherits, or to a
 * {@code @Nested} class within it, at any depth, inherited ones too: what Jupiter discovers under the class. A class
 * that cannot be loaded or read here passes, so that Jupiter says why.
 */
final class MayHoldIsolatedTests implements ClassNameFilter {

    @Override
    public FilterResult apply(String className) {
        return FilterResult.includedIf(mayHold(className));
    }

    static boolean mayHold(String className) {
        try {
            Class<?> type = ReflectionSupport.tryToLoadClass(className).toOptional().orElse(null);
            return type == null || mayHold(type, new HashSet<>());
        }
        catch (RuntimeException | LinkageError unreadable) {
            return true;
        }
    }

    private static boolean mayHold(Class<?> type, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return false;
        }
        if (IsolationAnnotations.isIsolated(type) || declaresAnIsolatedMethod(type, new HashSet<>())) {
            return true;
        }
        for (Class<?> nested : ReflectionSupport.findNestedClasses(type, MayHoldIsolatedTests::isInner)) {
            if (mayHold(nested, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the class, a superclass or an interface of either declares a method an isolation annotation applies to.
     * Every method is read, those a subclass overrides too, where JUnit's {@code ReflectionSupport.findMethods} keeps
     * only what Jupiter would run: a class let through for nothing costs the nsunit engine's Jupiter a discovery, while
     * sorting out overridden methods cost each class of a thousand left in place about 0.1 ms.
     */
    private static boolean declaresAnIsolatedMethod(Class<?> type, Set<Class<?>> seen) {
        if (type == null || type == Object.class || !seen.add(type)) {
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (IsolationAnnotations.isIsolated(method)) {
                return true;
            }
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (declaresAnIsolatedMethod(implemented, seen)) {
                return true;
            }
        }
        return declaresAnIsolatedMethod(type.getSuperclass(), seen);
    }

    /** An inner class, as Jupiter's {@code @Nested} classes are; a static one is a test class of its own. */
    private static boolean isInner(Class<?> type) {
        return !Modifier.isStatic(type.getModifiers());
    }
}
