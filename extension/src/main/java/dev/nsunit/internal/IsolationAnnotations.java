package dev.nsunit.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedUts;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Finds the isolation annotations that apply to a test (on its method, its class and the classes enclosing a
 * {@code @Nested} class, directly or through composed annotations) and merges them into one
 * {@link NamespaceSetup}: the union of the namespace types; for names, the innermost element that sets one wins;
 * tmpfs paths from all levels. Two annotations on the same element that set a name differently conflict.
 */
final class IsolationAnnotations {

    private IsolationAnnotations() {
    }

    /** Whether any isolation annotation applies; cheap, and never fails on bad values. */
    static boolean isIsolated(ExtensionContext context) {
        for (AnnotatedElement element : elements(context)) {
            if (!find(element, IsolatedUts.class).isEmpty() || !find(element, IsolatedMount.class).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The merged, validated setup for the context's test.
     *
     * @throws ExtensionConfigurationException naming the annotation, attribute and value that are wrong
     */
    static NamespaceSetup resolve(ExtensionContext context) {
        Set<NamespaceType> types = EnumSet.noneOf(NamespaceType.class);
        String hostname = "";
        String domainname = "";
        Set<String> tmpfs = new LinkedHashSet<>();
        List<AnnotatedElement> innermostFirst = elements(context);
        for (AnnotatedElement element : innermostFirst) {
            List<Found<IsolatedUts>> uts = find(element, IsolatedUts.class);
            List<Found<IsolatedMount>> mounts = find(element, IsolatedMount.class);
            if (!uts.isEmpty()) {
                types.add(NamespaceType.UTS);
                if (hostname.isEmpty()) {
                    hostname = agreedValue(uts, "hostname", IsolatedUts::hostname, element);
                }
                if (domainname.isEmpty()) {
                    domainname = agreedValue(uts, "domainname", IsolatedUts::domainname, element);
                }
            }
            if (!mounts.isEmpty()) {
                types.add(NamespaceType.MOUNT);
                for (Found<IsolatedMount> mount : mounts) {
                    for (String path : mount.annotation().tmpfs()) {
                        SetupValidation.checkTmpfs(path, mount.describe("tmpfs", path));
                        tmpfs.add(path);
                    }
                }
            }
        }
        SetupValidation.checkNotNested(tmpfs);
        return new NamespaceSetup(types, hostname, domainname, List.copyOf(tmpfs));
    }

    private static String agreedValue(List<Found<IsolatedUts>> found, String attribute,
            Function<IsolatedUts, String> value, AnnotatedElement element) {
        Found<IsolatedUts> chosen = null;
        for (Found<IsolatedUts> each : found) {
            String candidate = value.apply(each.annotation());
            if (candidate.isEmpty()) {
                continue;
            }
            SetupValidation.checkName(candidate, each.describe(attribute, candidate));
            if (chosen != null && !value.apply(chosen.annotation()).equals(candidate)) {
                throw new ExtensionConfigurationException("Conflicting annotations on " + describe(element) + ": "
                        + chosen.describe(attribute, value.apply(chosen.annotation())) + " and "
                        + each.describe(attribute, candidate) + "; say it once, or the same way");
            }
            chosen = each;
        }
        return chosen == null ? "" : value.apply(chosen.annotation());
    }

    private static List<AnnotatedElement> elements(ExtensionContext context) {
        List<AnnotatedElement> elements = new ArrayList<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            current.get().getElement().filter(element -> !elements.contains(element)).ifPresent(elements::add);
        }
        return elements;
    }

    /** The annotations of a type on an element, direct or meta-present at any depth, each with its origin. */
    static <A extends Annotation> List<Found<A>> find(AnnotatedElement element, Class<A> type) {
        List<Found<A>> found = new ArrayList<>();
        Annotation[] annotations = element instanceof Class<?> ? element.getAnnotations()
                : element.getDeclaredAnnotations();
        for (Annotation annotation : annotations) {
            collect(annotation, type, "", describe(element), found, new LinkedHashSet<>());
        }
        return found;
    }

    private static <A extends Annotation> void collect(Annotation annotation, Class<A> type, String via,
            String where, List<Found<A>> found, Set<Class<? extends Annotation>> visiting) {
        Class<? extends Annotation> annotationType = annotation.annotationType();
        if (annotationType == type) {
            found.add(new Found<>(type.cast(annotation), via, where));
            return;
        }
        if (annotationType.getName().startsWith("java.lang.annotation.") || !visiting.add(annotationType)) {
            return;
        }
        for (Annotation meta : annotationType.getDeclaredAnnotations()) {
            collect(meta, type, via + " via @" + annotationType.getSimpleName(), where, found, visiting);
        }
        visiting.remove(annotationType);
    }

    private static String describe(AnnotatedElement element) {
        if (element instanceof Method method) {
            return "method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
        }
        if (element instanceof Class<?> type) {
            return "class " + type.getName();
        }
        return element.toString();
    }

    /**
     * An annotation and where it was found, for error messages.
     *
     * @param via   the composed annotations it was found through, outermost last, or empty if direct
     * @param where the element it applies to
     */
    record Found<A extends Annotation>(A annotation, String via, String where) {

        /** For example {@code @IsolatedUts(hostname = "x") via @Bizarro on method com.acme.FooTest.bar()}. */
        String describe(String attribute, String value) {
            return "@" + annotation.annotationType().getSimpleName() + "(" + attribute + " = \"" + value + "\")" + via
                    + " on " + where;
        }
    }
}
