package dev.nsunit.internal.setup;

import java.lang.annotation.Annotation;
import java.lang.annotation.Repeatable;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.TestAbortedException;

import dev.nsunit.IsolatedCgroup;
import dev.nsunit.IsolatedIpc;
import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedPerClass;
import dev.nsunit.IsolatedNetwork;
import dev.nsunit.IsolatedPid;
import dev.nsunit.IsolatedTime;
import dev.nsunit.IsolatedUser;
import dev.nsunit.IsolatedUts;
import dev.nsunit.JoinNamespace;
import dev.nsunit.Limits;
import dev.nsunit.Namespace;
import dev.nsunit.Namespaces;
import dev.nsunit.NetworkConditions;
import dev.nsunit.Privileged;
import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.ResourceLimits;
import dev.nsunit.internal.linux.UserMapping;

/**
 * Finds the isolation annotations that apply to a test (on its method, its class and the classes enclosing a
 * {@code @Nested} class, directly or through composed annotations) and merges them into one
 * {@link NamespaceSetup}: the union of the namespace types; for names and ids, the innermost element that sets one
 * wins; paths from all levels. Two annotations on the same element that set a value differently conflict.
 *
 * <p>To what the annotations ask, it adds what keeps the host safe: a mount namespace with an IPC namespace (for a
 * private {@code /dev/shm}) and, unless {@code @Privileged} applies, the hardening of a child of root: an
 * identity-mapped user namespace (where {@code @IsolatedUser} maps none) and the kernel's knobs read-only, in a
 * mount namespace of its own.
 */
public final class IsolationAnnotations {

    private static final Search ALL = new Search(List.of(IsolatedUts.class, IsolatedMount.class,
            IsolatedNetwork.class, IsolatedIpc.class, IsolatedPid.class, IsolatedUser.class, Namespaces.class,
            IsolatedCgroup.class, IsolatedTime.class, JoinNamespace.class, NetworkConditions.class));
    /**
     * What the engine takes from Jupiter: the isolation annotations, and {@code @Limits}, which isolates nothing but
     * must never be run in place without its limits (its test fails instead, saying what is missing).
     */
    private static final Search CLAIMED = new Search(List.of(IsolatedUts.class, IsolatedMount.class,
            IsolatedNetwork.class, IsolatedIpc.class, IsolatedPid.class, IsolatedUser.class, Namespaces.class,
            IsolatedCgroup.class, IsolatedTime.class, JoinNamespace.class, NetworkConditions.class, Limits.class));
    private static final Search PER_CLASS = new Search(List.of(IsolatedPerClass.class));

    private IsolationAnnotations() {
    }

    /**
     * Whether any isolation annotation applies to the class itself, to a class or interface it inherits from, or to
     * the classes enclosing a {@code @Nested} one: then every test in it is isolated. Reads annotations only: the
     * class is not initialized. Cheap, and never fails on bad values.
     */
    public static boolean isIsolated(Class<?> testClass) {
        return isAnnotated(elements(testClass, null));
    }

    /** Whether any isolation annotation applies to the method's own declaration. */
    public static boolean isIsolated(Method method) {
        return isAnnotated(List.of(method));
    }

    private static boolean isAnnotated(List<AnnotatedElement> elements) {
        return isAnnotated(elements, CLAIMED);
    }

    /**
     * Whether an annotation of one of the search's types applies to one of the elements, as {@link #find} would find
     * it: one walk over each element's annotations for all the types at once, and no description made. The discovery
     * asks this of every method of every class it reads.
     */
    private static boolean isAnnotated(List<AnnotatedElement> elements, Search search) {
        for (AnnotatedElement element : elements) {
            Annotation[] annotations = element instanceof Class<?> ? element.getAnnotations()
                    : element.getDeclaredAnnotations();
            for (Annotation annotation : annotations) {
                if (search.carries(annotation)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Some annotation types, searched for on annotations: of one of the types, holding repeated ones, or carrying one
     * at any depth of meta-annotations. What an annotation type carries through its meta-annotations is worked out
     * once per type and kept: the discovery asks this of every annotation of every method of every class it reads,
     * and a thousand classes left in place (five {@code @Test} methods each) took it about 70 ms to walk the
     * meta-annotations of {@code @Test} anew each time.
     */
    private static final class Search {

        private final List<Class<? extends Annotation>> types;
        /** The containers of the repeatable types: whether one carries a type depends on what it holds. */
        private final Set<Class<? extends Annotation>> containers = new HashSet<>();
        private final ClassValue<Boolean> carriedByType = new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> annotationType) {
                return carriesThroughMeta(annotationType.asSubclass(Annotation.class), new HashSet<>());
            }
        };

        Search(List<Class<? extends Annotation>> types) {
            this.types = types;
            for (Class<? extends Annotation> type : types) {
                Repeatable repeatable = type.getAnnotation(Repeatable.class);
                if (repeatable != null) {
                    containers.add(repeatable.value());
                }
            }
        }

        /** Whether the annotation is of one of the types, holds repeated ones, or carries one at any depth. */
        boolean carries(Annotation annotation) {
            return carries(annotation, null);
        }

        /**
         * {@code visiting}: the annotation types the walk is inside, to end a cycle of meta-annotations; null on an
         * element, where what the annotation's type carries through its meta-annotations is kept per type.
         */
        private boolean carries(Annotation annotation, Set<Class<? extends Annotation>> visiting) {
            Class<? extends Annotation> annotationType = annotation.annotationType();
            if (types.contains(annotationType)) {
                return true;
            }
            if (containers.contains(annotationType)) {
                return repeated(annotation).length > 0;
            }
            return visiting == null ? carriedByType.get(annotationType) : carriesThroughMeta(annotationType, visiting);
        }

        /** Whether a meta-annotation of the type, at any depth, carries one of the types; once through each type. */
        private boolean carriesThroughMeta(Class<? extends Annotation> annotationType,
                Set<Class<? extends Annotation>> visiting) {
            if (annotationType.getName().startsWith("java.lang.annotation.") || !visiting.add(annotationType)) {
                return false;
            }
            for (Annotation meta : annotationType.getDeclaredAnnotations()) {
                if (carries(meta, visiting)) {
                    return true;
                }
            }
            visiting.remove(annotationType);
            return false;
        }
    }

    /**
     * Whether the class (itself, or a class or interface it inherits from: the annotation is inherited, but not from
     * an enclosing class) asks for one child for all its tests.
     */
    public static boolean isPerClass(Class<?> testClass) {
        List<AnnotatedElement> classAndAncestors = new ArrayList<>(List.of(testClass));
        classAndAncestors.addAll(ancestorsOf(testClass));
        return isAnnotated(classAndAncestors, PER_CLASS);
    }

    /**
     * The merged, validated setup for a test method (or, with {@code method} null, for a whole class) of
     * {@code testClass}: the method's annotations, the class's and those of the classes enclosing a
     * {@code @Nested} class.
     *
     * @throws ExtensionConfigurationException naming the annotation, attribute and value that are wrong
     * @throws TestAbortedException             if a namespace to join is named by a system property that is not set:
     *                                          the namespace does not exist here, as if the machine could not create it
     */
    public static NamespaceSetup resolve(Class<?> testClass, Method method) {
        Set<NamespaceType> types = EnumSet.noneOf(NamespaceType.class);
        String hostname = "";
        String domainname = "";
        Integer uid = null;
        Integer gid = null;
        Set<HostsEntry> hosts = new LinkedHashSet<>();
        Set<String> tmpfs = new LinkedHashSet<>();
        Set<BindMount> binds = new LinkedHashSet<>();
        Set<String> readOnly = new LinkedHashSet<>();
        boolean privileged = false;
        Long monotonic = null;
        Long boottime = null;
        Map<NamespaceType, Found<JoinNamespace>> joins = new EnumMap<>(NamespaceType.class);
        Found<NetworkConditions> conditions = null;
        String memory = null;
        Integer pids = null;
        Double cpus = null;
        Found<Limits> firstLimits = null;
        for (AnnotatedElement element : elements(testClass, method)) {
            privileged |= !find(element, Privileged.class).isEmpty();
            List<Found<Limits>> limits = find(element, Limits.class);
            for (Found<Limits> each : limits) {
                SetupValidation.checkLimits(each.annotation(), each);
                firstLimits = firstLimits == null ? each : firstLimits;
            }
            // Each attribute on its own: the innermost element that sets it wins.
            List<Found<Limits>> settingMemory = limits.stream().filter(each -> !each.annotation().memory().isEmpty())
                    .toList();
            if (memory == null && !settingMemory.isEmpty()) {
                memory = agreed(settingMemory, "memory", Limits::memory, element);
            }
            List<Found<Limits>> settingPids = limits.stream().filter(each -> each.annotation().pids() != 0).toList();
            if (pids == null && !settingPids.isEmpty()) {
                pids = agreed(settingPids, "pids", Limits::pids, element);
            }
            List<Found<Limits>> settingCpus = limits.stream().filter(each -> each.annotation().cpus() != 0).toList();
            if (cpus == null && !settingCpus.isEmpty()) {
                cpus = agreed(settingCpus, "cpus", Limits::cpus, element);
            }
            List<Found<IsolatedUts>> uts = find(element, IsolatedUts.class);
            if (!uts.isEmpty()) {
                types.add(NamespaceType.UTS);
                if (hostname.isEmpty()) {
                    hostname = agreedName(uts, "hostname", IsolatedUts::hostname, element);
                }
                if (domainname.isEmpty()) {
                    domainname = agreedName(uts, "domainname", IsolatedUts::domainname, element);
                }
                for (Found<IsolatedUts> each : uts) {
                    for (String entry : each.annotation().hosts()) {
                        hosts.add(SetupValidation.checkHostsEntry(entry, each.describe("hosts", entry)));
                    }
                }
            }
            for (Found<IsolatedMount> mount : find(element, IsolatedMount.class)) {
                types.add(NamespaceType.MOUNT);
                for (String path : mount.annotation().tmpfs()) {
                    SetupValidation.checkTmpfs(path, mount.describe("tmpfs", path));
                    tmpfs.add(path);
                }
                for (String bind : mount.annotation().bind()) {
                    binds.add(SetupValidation.checkBind(bind, mount.describe("bind", bind)));
                }
                for (String path : mount.annotation().readOnly()) {
                    SetupValidation.checkReadOnly(path, mount.describe("readOnly", path));
                    readOnly.add(path);
                }
            }
            addIfPresent(types, element, IsolatedNetwork.class, NamespaceType.NETWORK);
            addIfPresent(types, element, IsolatedIpc.class, NamespaceType.IPC);
            addIfPresent(types, element, IsolatedPid.class, NamespaceType.PID);
            List<Found<IsolatedUser>> users = find(element, IsolatedUser.class);
            if (!users.isEmpty()) {
                types.add(NamespaceType.USER);
                for (Found<IsolatedUser> user : users) {
                    SetupValidation.checkId(user.annotation().uid(), user.describe("uid",
                            String.valueOf(user.annotation().uid())));
                    SetupValidation.checkId(user.annotation().gid(), user.describe("gid",
                            String.valueOf(user.annotation().gid())));
                }
                if (uid == null) {
                    uid = agreed(users, "uid", IsolatedUser::uid, element);
                    gid = agreed(users, "gid", IsolatedUser::gid, element);
                }
            }
            addIfPresent(types, element, IsolatedCgroup.class, NamespaceType.CGROUP);
            List<Found<IsolatedTime>> times = find(element, IsolatedTime.class);
            if (!times.isEmpty()) {
                types.add(NamespaceType.TIME);
                if (monotonic == null) {
                    monotonic = agreedOffset(times, "monotonic", IsolatedTime::monotonic, element);
                }
                if (boottime == null) {
                    boottime = agreedOffset(times, "boottime", IsolatedTime::boottime, element);
                }
            }
            for (Found<Namespaces> namespaces : find(element, Namespaces.class)) {
                for (Namespace namespace : namespaces.annotation().value()) {
                    types.add(NamespaceType.valueOf(namespace.name()));
                }
            }
            joinsOf(element).forEach(joins::putIfAbsent);
            List<Found<NetworkConditions>> weather = find(element, NetworkConditions.class);
            if (!weather.isEmpty()) {
                types.add(NamespaceType.NETWORK);
                for (Found<NetworkConditions> each : weather) {
                    if (!each.annotation().equals(weather.get(0).annotation())) {
                        throw new ExtensionConfigurationException("Conflicting annotations on " + describe(element)
                                + ": " + weather.get(0).annotation() + " and " + each.annotation() + "; say it once, "
                                + "or the same way");
                    }
                }
                if (conditions == null) {
                    conditions = weather.get(0);
                }
            }
        }
        if (firstLimits != null && !isAnnotated(elements(testClass, method), ALL)) {
            throw new ExtensionConfigurationException(firstLimits.describe() + " limits the child JVM of an isolated "
                    + "test, but " + describe(method == null ? testClass : method) + " is not isolated: add an "
                    + "isolation annotation (@IsolatedPid, say) to it or to its class");
        }
        ResourceLimits resourceLimits = new ResourceLimits(memory == null ? 0 : SetupValidation.memoryBytes(memory),
                pids == null ? 0 : pids, cpus == null ? 0 : cpus);
        SetupValidation.checkNotNested(tmpfs);
        SetupValidation.checkBindTargetsOutside(binds, tmpfs);
        SetupValidation.checkHostsNotBound(hosts, binds);
        if (types.contains(NamespaceType.IPC) || !hosts.isEmpty()) {
            // A private /dev/shm, and a copy of /etc/hosts, are mounts of the child's own.
            types.add(NamespaceType.MOUNT);
        }
        // A child mapped to another id than root inside has no capabilities there, so it could not set up the
        // protection; it is left as @IsolatedUser makes it (see the user guide's Limitations).
        boolean hardened = !privileged && Hardening.needed() && (uid == null || uid == 0);
        if (hardened) {
            types.add(NamespaceType.MOUNT);
            types.add(NamespaceType.USER);
        }
        Netem netem = null;
        if (conditions != null) {
            netem = SetupValidation.checkConditions(conditions);
            if (uid != null && uid != 0) {
                throw new ExtensionConfigurationException("@NetworkConditions on " + conditions.where() + ": the child "
                        + "sets the conditions up as root of its user namespace, and @IsolatedUser(uid = " + uid
                        + ") leaves it no capabilities there; map uid 0, or leave out @NetworkConditions");
            }
        }
        List<NamespaceJoin> joined = new ArrayList<>();
        String absent = null;
        for (Found<JoinNamespace> join : joins.values()) {
            NamespaceType type = NamespaceType.valueOf(join.annotation().type().name());
            Optional<String> path = SetupValidation.joinPath(join.annotation(), join::describe);
            if (path.isEmpty()) {
                absent = absent != null ? absent : join.describe("pathProperty", join.annotation().pathProperty())
                        + ": system property " + join.annotation().pathProperty() + " is not set, so there is no "
                        + type.displayName() + " namespace to join here; set it to the namespace's path (-D"
                        + join.annotation().pathProperty() + "=/run/netns/NAME) where one exists";
                continue;
            }
            String where = join.annotation().path().isEmpty()
                    ? join.describe("pathProperty", join.annotation().pathProperty()) + ", system property "
                            + join.annotation().pathProperty() + " = \"" + path.get() + "\""
                    : join.describe("path", path.get());
            if (types.contains(type)) {
                throw new ExtensionConfigurationException(where + ": the test joins this " + type.displayName()
                        + " namespace and also asks for a new one (" + askedFor(type) + "); a process is in one "
                        + type.displayName() + " namespace, so keep one of them");
            }
            joined.add(SetupValidation.checkJoin(type, path.get(), where));
        }
        if (absent != null) {
            throw new TestAbortedException(absent);
        }
        return new NamespaceSetup(types, hostname, domainname, List.copyOf(hosts), List.copyOf(tmpfs), List.copyOf(binds),
                List.copyOf(readOnly), uid == null ? UserMapping.IDENTITY : new UserMapping.InvokingUser(uid, gid),
                hardened, new ClockOffsets(monotonic == null ? 0 : monotonic, boottime == null ? 0 : boottime),
                joined, netem, resourceLimits);
    }

    /** The annotations that ask for a new namespace of a type, for messages. */
    private static String askedFor(NamespaceType type) {
        return switch (type) {
            case NETWORK -> "@IsolatedNetwork, @NetworkConditions or @Namespaces";
            case UTS -> "@IsolatedUts or @Namespaces";
            default -> "@Namespaces";
        };
    }

    /**
     * The joins on one element, one per type; two that name different namespaces of one type conflict. A type that
     * cannot be joined is refused here.
     */
    private static Map<NamespaceType, Found<JoinNamespace>> joinsOf(AnnotatedElement element) {
        Map<NamespaceType, Found<JoinNamespace>> joins = new EnumMap<>(NamespaceType.class);
        for (Found<JoinNamespace> join : find(element, JoinNamespace.class)) {
            SetupValidation.checkJoinable(join.annotation(), join.describe("type", join.annotation().type().name()));
            NamespaceType type = NamespaceType.valueOf(join.annotation().type().name());
            Found<JoinNamespace> other = joins.putIfAbsent(type, join);
            if (other != null && !(other.annotation().path().equals(join.annotation().path())
                    && other.annotation().pathProperty().equals(join.annotation().pathProperty()))) {
                throw new ExtensionConfigurationException("Conflicting annotations on " + describe(element) + ": "
                        + describeJoin(other) + " and " + describeJoin(join) + " join two " + type.displayName()
                        + " namespaces; a process is in one, so name one");
            }
        }
        return joins;
    }

    private static String describeJoin(Found<JoinNamespace> join) {
        return join.annotation().path().isEmpty() ? join.describe("pathProperty", join.annotation().pathProperty())
                : join.describe("path", join.annotation().path());
    }

    private static void addIfPresent(Set<NamespaceType> types, AnnotatedElement element,
            Class<? extends Annotation> annotation, NamespaceType type) {
        if (!find(element, annotation).isEmpty()) {
            types.add(type);
        }
    }

    private static String agreedName(List<Found<IsolatedUts>> found, String attribute,
            Function<IsolatedUts, String> value, AnnotatedElement element) {
        List<Found<IsolatedUts>> setting = found.stream().filter(each -> !value.apply(each.annotation()).isEmpty())
                .toList();
        for (Found<IsolatedUts> each : setting) {
            String name = value.apply(each.annotation());
            SetupValidation.checkName(name, each.describe(attribute, name));
        }
        return setting.isEmpty() ? "" : agreed(setting, attribute, value, element);
    }

    /**
     * The offset in seconds that the annotations on one element set for a clock, checked; null if none sets one, so
     * that an enclosing element's may apply.
     */
    private static Long agreedOffset(List<Found<IsolatedTime>> found, String clock,
            Function<IsolatedTime, String> value, AnnotatedElement element) {
        List<Found<IsolatedTime>> setting = found.stream().filter(each -> !value.apply(each.annotation()).isEmpty())
                .toList();
        for (Found<IsolatedTime> each : setting) {
            String offset = value.apply(each.annotation());
            SetupValidation.checkClockOffset(offset, clock, each.describe(clock, offset));
        }
        if (setting.isEmpty()) {
            return null;
        }
        String agreed = agreed(setting, clock, value, element);
        return SetupValidation.checkClockOffset(agreed, clock, setting.get(0).describe(clock, agreed));
    }

    /** The value all annotations on one element give an attribute; more than one value is a conflict. */
    private static <A extends Annotation, V> V agreed(List<Found<A>> found, String attribute, Function<A, V> value,
            AnnotatedElement element) {
        Found<A> first = found.get(0);
        for (Found<A> each : found) {
            if (!value.apply(each.annotation()).equals(value.apply(first.annotation()))) {
                throw new ExtensionConfigurationException("Conflicting annotations on " + describe(element) + ": "
                        + first.describe(attribute, String.valueOf(value.apply(first.annotation()))) + " and "
                        + each.describe(attribute, String.valueOf(value.apply(each.annotation())))
                        + "; say it once, or the same way");
            }
        }
        return value.apply(first.annotation());
    }

    /**
     * The method (if any), innermost first, then the class and what it inherits annotations from (its superclasses
     * and interfaces) and, for a {@code @Nested} (inner) class, the classes that enclose it with theirs: the elements
     * whose annotations apply, as Jupiter nests their contexts and reads its own annotations.
     */
    public static List<AnnotatedElement> elements(Class<?> testClass, Method method) {
        List<AnnotatedElement> elements = new ArrayList<>();
        if (method != null) {
            elements.add(method);
        }
        for (Class<?> current = testClass; current != null;
                current = isInner(current) ? current.getEnclosingClass() : null) {
            elements.add(current);
            elements.addAll(ancestorsOf(current));
        }
        return elements;
    }

    /**
     * What the class inherits annotations from, the nearest first, in the order Jupiter searches them: its interfaces,
     * each with those it extends, then its superclass and that one's, and so on. Java passes on from a superclass
     * only the annotations declared {@code @Inherited}, not what a composed annotation there carries; Jupiter, and so
     * the guard that the isolation annotations register, reads both.
     */
    private static Set<Class<?>> ancestorsOf(Class<?> type) {
        Set<Class<?>> ancestors = new LinkedHashSet<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            if (current != type) {
                ancestors.add(current);
            }
            addInterfaces(current, ancestors);
        }
        return ancestors;
    }

    private static void addInterfaces(Class<?> type, Set<Class<?>> ancestors) {
        for (Class<?> each : type.getInterfaces()) {
            if (ancestors.add(each)) {
                addInterfaces(each, ancestors);
            }
        }
    }

    private static boolean isInner(Class<?> type) {
        return type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers());
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
        Repeatable repeatable = type.getAnnotation(Repeatable.class);
        if (repeatable != null && annotationType == repeatable.value()) {
            // The compiler's container of repeated annotations: what it holds is found where it is.
            for (Annotation each : repeated(annotation)) {
                found.add(new Found<>(type.cast(each), via, where));
            }
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

    private static Annotation[] repeated(Annotation container) {
        try {
            return (Annotation[]) container.annotationType().getMethod("value").invoke(container);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the repeated annotations in " + container, e);
        }
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

        /** For example {@code @Limits via @Small on class com.acme.FooTest}. */
        String describe() {
            return "@" + annotation.annotationType().getSimpleName() + via + " on " + where;
        }

        /** For example {@code @IsolatedUts(hostname = "x") via @Bizarro on method com.acme.FooTest.bar()}. */
        String describe(String attribute, String value) {
            return "@" + annotation.annotationType().getSimpleName() + "(" + attribute + " = \"" + printable(value)
                    + "\")" + via + " on " + where;
        }

        /** The value as Java source writes it, so that a line feed in it cannot break the message in two. */
        private static String printable(String value) {
            StringBuilder escaped = new StringBuilder();
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    case '\t' -> escaped.append("\\t");
                    case '"' -> escaped.append("\\\"");
                    case '\\' -> escaped.append("\\\\");
                    default -> escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
                            : String.valueOf(c));
                }
            }
            return escaped.toString();
        }
    }
}
