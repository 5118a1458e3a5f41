package dev.nsunit.internal.engine;

import java.lang.annotation.Annotation;
import java.lang.annotation.Repeatable;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * How many invocations a template's annotations declare, where they say so exactly: a {@code @RepeatedTest}'s count,
 * or that of a {@code @ParameterizedTest} whose every arguments source is written out in its annotations
 * ({@code @ValueSource}, {@code @CsvSource}'s records, {@code @NullSource}, {@code @EmptySource} and so
 * {@code @NullAndEmptySource}). Knowing it, the parent starts a child for each invocation and none beyond them.
 * Where it is unknown (a {@code @MethodSource}'s arguments come from the user's code, which runs in a child only),
 * the parent asks for one invocation after another until a child finds none: one child more, and one more started
 * ahead for an invocation that does not come.
 *
 * <p>A count must never be too low, or the last invocations would not run: where a source could hold more than it
 * seems to (a CSV text block, whose quoted values may span lines), the count is unknown. One too high costs only the
 * child that finds nothing. Read by reflection, by name: {@code junit-jupiter-params} need not be on the class path,
 * and its annotations changed between releases (repeatable from 5.11).
 */
final class DeclaredInvocations {

    private static final String PARAMS = "org.junit.jupiter.params.";
    private static final String PROVIDERS = PARAMS + "provider.";
    private static final int UNKNOWN = 0;
    private static final int UNKNOWN_SUM = -1;

    private DeclaredInvocations() {
    }

    /** The number of invocations the template method's annotations declare, or 0 where they do not say. */
    static int of(Method method) {
        Optional<RepeatedTest> repeated = AnnotationSupport.findAnnotation(method, RepeatedTest.class);
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        try {
            if (repeated.isPresent()) {
                // Both: Jupiter runs the invocations of each, one provider after the other.
                return AnnotationSupport.isAnnotated(method, type(loader, "ParameterizedTest")) ? UNKNOWN
                        : repeated.get().value();
            }
            return ofArgumentsSources(method, loader);
        }
        catch (ClassNotFoundException withoutParameterizedTests) {
            return repeated.map(RepeatedTest::value).orElse(UNKNOWN);
        }
        catch (ReflectiveOperationException | LinkageError | RuntimeException unreadable) {
            return UNKNOWN;
        }
    }

    /**
     * The sum over the method's arguments sources, as Jupiter finds them ({@code @ArgumentsSource}, present or
     * meta-present), where each is one whose arguments its annotation holds.
     */
    private static int ofArgumentsSources(Method method, ClassLoader loader) throws ReflectiveOperationException {
        List<Annotation> sources = annotations(method, type(loader, "provider.ArgumentsSource"));
        int valueSources = 0;
        int csvSources = 0;
        int invocations = 0;
        for (Annotation source : sources) {
            String provider = ((Class<?>) attribute(source, "value")).getName();
            if (provider.equals(PROVIDERS + "NullArgumentsProvider")
                    || provider.equals(PROVIDERS + "EmptyArgumentsProvider")) {
                invocations++;
            }
            else if (provider.equals(PROVIDERS + "ValueArgumentsProvider")) {
                valueSources++;
            }
            else if (provider.equals(PROVIDERS + "CsvArgumentsProvider")) {
                csvSources++;
            }
            else {
                return UNKNOWN;
            }
        }
        int valueInvocations = sum(method, loader, "provider.ValueSource", valueSources,
                DeclaredInvocations::valueCount);
        int csvInvocations = sum(method, loader, "provider.CsvSource", csvSources, DeclaredInvocations::recordCount);
        if (sources.isEmpty() || valueInvocations == UNKNOWN_SUM || csvInvocations == UNKNOWN_SUM) {
            return UNKNOWN;
        }
        return invocations + valueInvocations + csvInvocations;
    }

    /**
     * The counts of the method's annotations of this type, summed, where there are as many of them as its
     * arguments sources that name their provider and each count is known.
     */
    private static int sum(Method method, ClassLoader loader, String type, int expected, Count count)
            throws ReflectiveOperationException {
        if (expected == 0) {
            return 0;
        }
        List<Annotation> found = annotations(method, type(loader, type));
        if (found.size() != expected) {
            return UNKNOWN_SUM;
        }
        int sum = 0;
        for (Annotation annotation : found) {
            int each = count.of(annotation);
            if (each == UNKNOWN) {
                return UNKNOWN_SUM;
            }
            sum += each;
        }
        return sum;
    }

    /** A {@code @ValueSource}: the length of its one array of values (Jupiter refuses more than one). */
    private static int valueCount(Annotation values) throws ReflectiveOperationException {
        int length = UNKNOWN;
        int nonEmpty = 0;
        for (Method attribute : values.annotationType().getDeclaredMethods()) {
            if (attribute.getReturnType().isArray()) {
                int each = Array.getLength(attribute.invoke(values));
                if (each > 0) {
                    nonEmpty++;
                    length = each;
                }
            }
        }
        return nonEmpty == 1 ? length : UNKNOWN;
    }

    /**
     * A {@code @CsvSource}: one record per string of its {@code value}, less the header where its first names the
     * columns. A string with a line break in it may hold more than one record, and a text block's lines may not be
     * records (a quoted value may span them): unknown.
     */
    private static int recordCount(Annotation csv) throws ReflectiveOperationException {
        String[] records = (String[]) attribute(csv, "value");
        if (!((String) attribute(csv, "textBlock")).isEmpty()) {
            return UNKNOWN;
        }
        for (String record : records) {
            if (record.indexOf('\n') >= 0 || record.indexOf('\r') >= 0) {
                return UNKNOWN;
            }
        }
        boolean header = (Boolean) attribute(csv, "useHeadersInDisplayName");
        return Math.max(UNKNOWN, records.length - (header ? 1 : 0));
    }

    /** Every annotation of the type on the method, present or meta-present, repeated or not. */
    private static List<Annotation> annotations(Method method, Class<? extends Annotation> type) {
        if (type.isAnnotationPresent(Repeatable.class)) {
            return List.copyOf(AnnotationSupport.findRepeatableAnnotations(method, type));
        }
        return AnnotationSupport.findAnnotation(method, type).<List<Annotation>>map(List::of).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> type(ClassLoader loader, String name) throws ClassNotFoundException {
        return (Class<? extends Annotation>) Class.forName(PARAMS + name, false, loader);
    }

    private static Object attribute(Annotation annotation, String name) throws ReflectiveOperationException {
        return annotation.annotationType().getMethod(name).invoke(annotation);
    }

    private interface Count {
        int of(Annotation annotation) throws ReflectiveOperationException;
    }
}
