package dev.nsunit.internal.doctor;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.nsunit.IsolatedCgroup;
import dev.nsunit.IsolatedIpc;
import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedNetwork;
import dev.nsunit.IsolatedPid;
import dev.nsunit.IsolatedTime;
import dev.nsunit.IsolatedUser;
import dev.nsunit.IsolatedUts;
import dev.nsunit.JoinNamespace;
import dev.nsunit.NetworkConditions;
import dev.nsunit.Limits;
import dev.nsunit.Privileged;
import dev.nsunit.internal.cgroup.LimitPlan;
import dev.nsunit.internal.linux.ResourceLimits;
import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.setup.Hardening;
import dev.nsunit.internal.setup.EnvironmentProbe.Refusal;
import dev.nsunit.internal.launch.UnshareCommand;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceType;

/**
 * Answers "will nsunit work here?" from the command line: for each namespace type, whether a test that asks for
 * it can have it on this machine as this user, how nsunit creates it, and for each that cannot be had, why and
 * what to do. The answers come from {@link EnvironmentProbe}, the very probe the extension consults before it
 * runs an isolated test, so the doctor and the tests never disagree.
 *
 * <pre>
 * mvn -q -pl extension compile exec:java@doctor
 * mvn -q -pl extension compile exec:java@doctor -Dexec.args="uts mount"
 * </pre>
 *
 * <p>The arguments name the types to check ({@code uts mount ipc network pid cgroup time user}, any case, or the
 * {@code /proc/self/ns} names {@code mnt} and {@code net}) and the features ({@code join} for
 * {@code @JoinNamespace}, {@code netem} for {@code @NetworkConditions}); none means all. Exit status: 0 when every
 * requested type and every named feature works, 1 when one does not, 2 for arguments it does not understand. A
 * feature that is not named is reported but does not count: most tests need neither.
 *
 * <p>It also says whether {@code @Limits} can be enforced here (which cgroup hierarchies, or why not); that counts
 * in the exit status only when asked for by name, {@code limits}, since many machines that run isolated tests
 * well cannot limit them.
 */
public final class Doctor {

    static final int ALL_WORK = 0;
    static final int SOME_FAIL = 1;
    static final int USAGE = 2;

    /** The order of the report: the types a test asks for by annotation, then the user namespace that helps. */
    private static final List<NamespaceType> ORDER = List.of(NamespaceType.UTS, NamespaceType.MOUNT,
            NamespaceType.IPC, NamespaceType.NETWORK, NamespaceType.PID, NamespaceType.CGROUP, NamespaceType.TIME,
            NamespaceType.USER);
    private static final Map<NamespaceType, Class<? extends Annotation>> ANNOTATIONS = Map.of(
            NamespaceType.UTS, IsolatedUts.class, NamespaceType.MOUNT, IsolatedMount.class,
            NamespaceType.IPC, IsolatedIpc.class, NamespaceType.NETWORK, IsolatedNetwork.class,
            NamespaceType.PID, IsolatedPid.class, NamespaceType.USER, IsolatedUser.class,
            NamespaceType.CGROUP, IsolatedCgroup.class, NamespaceType.TIME, IsolatedTime.class);
    private static final String LIMITS = "limits";
    private static final String USAGE_TEXT = "usage: Doctor [uts|mount|ipc|network|pid|cgroup|time|user|join|netem|"
            + "limits]...\n"
            + "Checks whether tests can get new namespaces of these types here, and join existing ones (join),\n"
            + "slow their loopback down (netem) or be limited (limits); all if none are named.\n"
            + "Exit status: 0 if all work, 1 if one does not (join, netem and limits count only when named), 2 for "
            + "a usage error.";
    /** Features that are not namespace types: how a test joins a namespace, and netem for network conditions. */
    private static final List<String> FEATURES = List.of("join", "netem");
    private static final String INDENT = " ".repeat(9);

    private Doctor() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Prints the report for the requested types and returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            out.println(USAGE_TEXT);
            return ALL_WORK;
        }
        Set<NamespaceType> requested = EnumSet.noneOf(NamespaceType.class);
        Set<String> features = new LinkedHashSet<>();
        boolean limits = false;
        for (String arg : args) {
            if (arg.equalsIgnoreCase(LIMITS)) {
                limits = true;
                continue;
            }
            if (FEATURES.contains(arg.toLowerCase(Locale.ROOT))) {
                features.add(arg.toLowerCase(Locale.ROOT));
                continue;
            }
            Optional<NamespaceType> type = parse(arg);
            if (type.isEmpty()) {
                err.println("Unknown namespace type \"" + arg + "\".");
                err.println(USAGE_TEXT);
                return USAGE;
            }
            requested.add(type.get());
        }
        boolean all = requested.isEmpty() && features.isEmpty();
        if (limits && all) {
            out.println("nsunit doctor: can isolated tests be limited here?");
            return examineLimits(out) ? ALL_WORK : SOME_FAIL;
        }
        int status = examine(all ? EnumSet.allOf(NamespaceType.class) : requested, all ? FEATURES
                : List.copyOf(features), !all, out);
        boolean limitsWork = examineLimits(out);
        return limits && !limitsWork ? SOME_FAIL : status;
    }
    /** Prints whether {@code @Limits} can be enforced here, and how or why not; returns whether it can. */
    private static boolean examineLimits(PrintStream out) {
        out.println();
        ResourceLimits every = new ResourceLimits(64L << 20, Limits.MIN_PIDS, 1);
        try {
            LimitPlan plan = LimitPlan.of(every);
            out.printf("%-8s %-6s for @%s, by %s%n", LIMITS, "works", Limits.class.getSimpleName(), plan.describe());
            return true;
        }
        catch (LimitPlan.LimitsUnavailableException unavailable) {
            out.printf("%-8s %-6s for @%s%n", LIMITS, "FAILS", Limits.class.getSimpleName());
            out.println(INDENT + "why:   " + unavailable.getMessage());
            return false;
        }
    }

    private static int examine(Set<NamespaceType> requested, List<String> features, boolean featuresCount,
            PrintStream out) {
        out.println("nsunit doctor: can isolated tests get new namespaces here?");
        out.println(describeMachine());
        out.println();
        List<NamespaceType> checked = ORDER.stream().filter(requested::contains).toList();
        List<NamespaceType> failing = new ArrayList<>();
        List<NamespaceType> rescuedByUser = new ArrayList<>();
        boolean hardened = Hardening.needed();
        for (NamespaceType type : checked) {
            Optional<Refusal> refusal = hardened && type != NamespaceType.USER
                    ? EnvironmentProbe.hardeningRefusal(hardenedTypes(type)) : EnvironmentProbe.refusal(type);
            out.printf("%-8s %-6s for @%s, by %s%n", type.displayName(), refusal.isEmpty() ? "works" : "FAILS",
                    ANNOTATIONS.get(type).getSimpleName(), hardened && type != NamespaceType.USER ? hardenedMechanism(type)
                            : mechanism(type));
            if (refusal.isPresent()) {
                failing.add(type);
                if (hardened && type != NamespaceType.USER) {
                    explainHardened(type, refusal.get(), out);
                }
                else if (explain(type, refusal.get(), out)) {
                    rescuedByUser.add(type);
                }
            }
        }
        List<String> failingFeatures = new ArrayList<>();
        for (String feature : features) {
            Optional<Refusal> refusal = feature.equals("join") ? joinRefusal()
                    : EnvironmentProbe.netemRefusal(hardened);
            out.printf("%-8s %-6s for @%s, by %s%n", feature, refusal.isEmpty() ? "works" : "FAILS",
                    feature.equals("join") ? JoinNamespace.class.getSimpleName()
                            : NetworkConditions.class.getSimpleName(),
                    feature.equals("join") ? "setns(2) on the spawner thread, before it creates any namespace"
                            : "iproute2 tc in the child's own network namespace (netem on its loopback)");
            if (refusal.isPresent()) {
                failingFeatures.add(feature);
                printWhyAndFix(refusal.get(), out);
            }
        }
        out.println();
        out.println(hardened ? "Children are hardened: this JVM runs as root or holds CAP_SYS_ADMIN, so each child's "
                + "namespaces belong to a user namespace that maps every id to itself, and the kernel's global knobs "
                + "are read-only in it. A test annotated @" + Privileged.class.getSimpleName() + " keeps the host's "
                + "root instead." : "Children need no hardening: this JVM is not root and holds no CAP_SYS_ADMIN, so "
                + "they hold no power over the host.");
        if (!failingFeatures.isEmpty()) {
            out.println("Not working here: " + String.join(", ", failingFeatures) + (featuresCount ? "."
                    : " (not counted in the exit status unless named)."));
        }
        if (failing.isEmpty()) {
            if (!checked.isEmpty()) {
                out.println("All requested types work here: " + names(checked) + ".");
            }
            return featuresCount && !failingFeatures.isEmpty() ? SOME_FAIL : ALL_WORK;
        }
        out.println("Not working here: " + names(failing) + " (" + failing.size() + " of " + checked.size()
                + " requested types)." + (rescuedByUser.equals(failing)
                        ? " With @" + IsolatedUser.class.getSimpleName() + ", all of them work." : ""));
        return SOME_FAIL;
    }

    /** Prints why the type cannot be had and what to do; returns whether {@code @IsolatedUser} would give it. */
    private static boolean explain(NamespaceType type, Refusal refusal, PrintStream out) {
        printWhyAndFix(refusal, out);
        if (type == NamespaceType.USER) {
            return false;
        }
        Optional<Refusal> withUser = EnvironmentProbe.refusalInsideUserNamespace(type);
        out.println(INDENT + "with @" + IsolatedUser.class.getSimpleName() + ": " + withUser
                .map(stillRefused -> "fails too: " + stillRefused.failure())
                .orElse("works, through util-linux unshare " + NamespaceType.USER.unshareOption() + " "
                        + type.unshareOption()));
        return withUser.isEmpty();
    }

    private static void printWhyAndFix(Refusal refusal, PrintStream out) {
        out.println(INDENT + "why:   " + refusal.failure());
        out.println(INDENT + "fix:   " + (refusal.advice().isBlank() ? "nsunit knows no remedy for this failure"
                : refusal.advice().strip()));
    }

    /** Prints why a hardened child cannot have the type, what to do, and whether a privileged one could. */
    private static void explainHardened(NamespaceType type, Refusal refusal, PrintStream out) {
        printWhyAndFix(refusal, out);
        out.println(INDENT + "with @" + Privileged.class.getSimpleName() + ": " + EnvironmentProbe.refusal(type)
                .map(stillRefused -> "fails too: " + stillRefused.failure())
                .orElse("works, by " + mechanism(type)));
    }

    /** The namespaces a hardened child asking for this type is born in. */
    private static Set<NamespaceType> hardenedTypes(NamespaceType type) {
        return EnumSet.of(NamespaceType.USER, NamespaceType.MOUNT, type);
    }

    private static String hardenedMechanism(NamespaceType type) {
        List<String> options = new ArrayList<>();
        for (NamespaceType each : hardenedTypes(type)) {
            options.add(each.unshareOption());
        }
        return "util-linux unshare " + String.join(" ", options) + ", hardened";
    }

    /**
     * Whether this JVM may join a namespace: tried on the test JVM's own network namespace, which a throwaway thread
     * joins (changing nothing), as a spawner thread joins a test's.
     */
    private static Optional<Refusal> joinRefusal() {
        Path own = Path.of("/proc/self/ns/net");
        try {
            long[] identity = NamespaceJoin.identity(own);
            return EnvironmentProbe.joinRefusal(new NamespaceJoin(NamespaceType.NETWORK, own.toString(), identity[0],
                    identity[1]));
        }
        catch (IOException e) {
            return Optional.of(new Refusal("cannot read " + own + ": " + e.getMessage(), ""));
        }
    }

    private static Optional<NamespaceType> parse(String name) {
        for (NamespaceType type : NamespaceType.values()) {
            if (name.equalsIgnoreCase(type.displayName()) || name.equalsIgnoreCase(type.procName())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** How a child gets a namespace of this type, as {@code ChildProcess} starts it. */
    private static String mechanism(NamespaceType type) {
        if (type == NamespaceType.USER) {
            return "util-linux unshare " + type.unshareOption() + ", which then executes the child JVM";
        }
        if (type == NamespaceType.TIME) {
            return "util-linux unshare " + type.unshareOption() + ", which writes the clock offsets and then forks the "
                    + "child JVM";
        }
        return "unshare(" + type.cloneFlagName() + ") on a spawner thread, which then spawns the child JVM";
    }

    private static String describeMachine() {
        return "user " + System.getProperty("user.name") + " (uid " + uid() + "), CAP_SYS_ADMIN "
                + (EnvironmentProbe.hasSysAdmin() ? "yes" : "no") + "; " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; Java " + System.getProperty("java.version") + "; unshare "
                + UnshareCommand.find().map(Path::toString).orElse("not on the PATH");
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return "unknown";
        }
    }

    private static String names(List<NamespaceType> types) {
        List<String> names = new ArrayList<>();
        for (NamespaceType type : types) {
            names.add(type.displayName());
        }
        return String.join(", ", names);
    }
}
