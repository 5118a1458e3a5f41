package dev.nsunit.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.nsunit.it.LauncherRun.Outcome;

/**
 * Every test of {@code samples/}, by the short name {@link LauncherRun} gives it, with the namespaces it asks for.
 * A sample added, renamed or removed must be added here too: it/ asserts each test's outcome, not a count.
 *
 * <p>The invocations of a template ({@code [1]}, {@code [2]}, ...) and the dynamic tests of a {@code @TestFactory}
 * are listed as they are reported when they run. Only a child JVM computes them (the test JVM never runs an isolated
 * test's argument source or factory), so where nsunit does not start one (the namespaces cannot be had, or its
 * engine was left out) the template or factory is reported whole, under its own name: {@link #expect} expects that
 * for every outcome but success.
 */
final class Samples {

    /** What a sample isolates, and so what nsunit says where it cannot: the types and their clone flags. */
    enum Needs {
        NOTHING(false),
        UTS(false, "UTS", "CLONE_NEWUTS"),
        MOUNT(false, "mount", "CLONE_NEWNS"),
        UTS_AND_MOUNT(false, "UTS", "CLONE_NEWUTS", "mount", "CLONE_NEWNS"),
        /** {@code @IsolatedIpc} comes with a mount namespace, for a private {@code /dev/shm}. */
        IPC(false, "mount", "CLONE_NEWNS", "IPC", "CLONE_NEWIPC"),
        NETWORK(false, "network", "CLONE_NEWNET"),
        MOUNT_AND_PID(false, "mount", "CLONE_NEWNS", "PID", "CLONE_NEWPID"),
        UTS_NETWORK_AND_PID(false, "UTS", "CLONE_NEWUTS", "network", "CLONE_NEWNET", "PID", "CLONE_NEWPID"),
        /** {@code @IsolatedUser} with UTS and mount: started through util-linux's unshare, probed as a whole. */
        USER_UTS_AND_MOUNT(true, "user", null, "UTS", null, "mount", null),
        CGROUP(false, "cgroup", "CLONE_NEWCGROUP"),
        /** Started through util-linux's unshare, which writes the clock offsets: probed by running it. */
        TIME(false, "time", null),
        /**
         * Mount and PID with {@code @Limits}: the namespaces are probed first, so where they cannot be had the
         * reason is theirs; where they can, the limits need cgroups the test JVM may create below its own.
         */
        LIMITED_MOUNT_AND_PID(false, "mount", "CLONE_NEWNS", "PID", "CLONE_NEWPID");

        /** nsunit's order of the types in its messages. */
        private static final List<String> ORDER = List.of("user", "UTS", "mount", "IPC", "network", "PID", "cgroup",
                "time");

        final boolean rootless;
        /** Whether nsunit's reason quotes util-linux's unshare, so that only its start is known here. */
        final boolean probedByCommand;
        final List<String> names = new ArrayList<>();
        final List<String> cloneFlags = new ArrayList<>();

        Needs(boolean rootless, String... namesAndFlags) {
            this.rootless = rootless;
            this.probedByCommand = rootless || Arrays.asList(namesAndFlags).contains("time");
            for (int i = 0; i < namesAndFlags.length; i += 2) {
                names.add(namesAndFlags[i]);
                cloneFlags.add(namesAndFlags[i + 1]);
            }
        }

        /** "UTS", "UTS and mount", "UTS, network and PID", as nsunit words it. */
        String inWords() {
            return inWords(names);
        }

        /** The same for a hardened child of root, which is born in a user and a mount namespace besides. */
        String hardenedInWords() {
            List<String> hardened = new ArrayList<>(ORDER);
            hardened.removeIf(name -> !name.equals("user") && !name.equals("mount") && !names.contains(name));
            return inWords(hardened);
        }

        private static String inWords(List<String> names) {
            return names.size() < 2 ? String.join("", names)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }
    }

    static final Map<String, Needs> ALL = new TreeMap<>(Map.ofEntries(
            Map.entry("AnotherStaticServerSampleTest.alsoServesOnPort8080()", Needs.NETWORK),
            Map.entry("CgroupSampleTest.seesItsCgroupAsTheRoot()", Needs.CGROUP),
            Map.entry("ComposedAnnotationSampleTest.getsTheHostname()", Needs.UTS_AND_MOUNT),
            Map.entry("ComposedAnnotationSampleTest.getsTheScratchSpace()", Needs.UTS_AND_MOUNT),
            Map.entry("DynamicTestsSampleTest.everyDynamicTestSeesTheIsolatedHostname()[1]", Needs.UTS),
            Map.entry("DynamicTestsSampleTest.everyDynamicTestSeesTheIsolatedHostname()[2]", Needs.UTS),
            Map.entry("DynamicTestsSampleTest.everyDynamicTestSeesTheIsolatedHostname()[3]", Needs.UTS),
            Map.entry("HardenedSampleTest.cannotRenameTheMachineWithoutAUtsNamespace()", Needs.MOUNT),
            Map.entry("HardenedSampleTest.cannotWriteTheMachinesSysctls()", Needs.MOUNT),
            Map.entry("HardenedSampleTest.ownsWhatRootOwns()", Needs.MOUNT),
            Map.entry("HostnameSampleTest.methodAnnotationAddsADomainname()", Needs.UTS),
            Map.entry("HostnameSampleTest.seesTheIsolatedHostname()", Needs.UTS),
            Map.entry("IpcSampleTest.createsSharedMemoryThatNobodyElseSees()", Needs.IPC),
            Map.entry("LifecycleSampleTest.setUpRanInTheChild()", Needs.UTS),
            Map.entry("LimitsSampleTest.aProcessThatNeedsMoreMemoryIsKilledByTheKernel()", Needs.LIMITED_MOUNT_AND_PID),
            Map.entry("LimitsSampleTest.beyondThePidsLimitNoThreadStarts()", Needs.LIMITED_MOUNT_AND_PID),
            Map.entry("LifecycleSampleTest.staticStateStartsOverInEveryTest()", Needs.UTS),
            Map.entry("MixedSampleTest.isolatedTestRenamesItsMachine()", Needs.UTS),
            Map.entry("MixedSampleTest.ordinaryTestSeesTheRealMachine()", Needs.NOTHING),
            Map.entry("MountOptionsSampleTest.bindMountsShowOnePathAtAnother()", Needs.MOUNT),
            Map.entry("MountOptionsSampleTest.readOnlyPathsRefuseWrites()", Needs.MOUNT),
            Map.entry("NamespacesSampleTest.getsAllThree()", Needs.UTS_NETWORK_AND_PID),
            Map.entry("NestedSampleTest.outerTest()", Needs.UTS),
            Map.entry("NestedSampleTest$Inner.inheritsTheOuterHostname()", Needs.UTS),
            Map.entry("NestedSampleTest$Inner$Innermost.getsItsOwnHostnameAndAScratchTmpfs()", Needs.UTS_AND_MOUNT),
            Map.entry("NetworkSampleTest.seesOnlyLoopback()", Needs.NETWORK),
            Map.entry("NetworkSampleTest.servesOnTheUsualPort()", Needs.NETWORK),
            Map.entry("PerClassSampleTest.oneTestConnects()", Needs.NETWORK),
            Map.entry("PerClassSampleTest.anotherTestReachesTheSameServer()", Needs.NETWORK),
            Map.entry("ParallelPortsSampleTest.first()", Needs.NETWORK),
            Map.entry("ParallelPortsSampleTest.second()", Needs.NETWORK),
            Map.entry("ParallelPortsSampleTest.third()", Needs.NETWORK),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[1]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[2]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[3]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[1]", Needs.MOUNT),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[2]", Needs.MOUNT),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[3]", Needs.MOUNT),
            Map.entry("PidSampleTest.isProcessOne()", Needs.MOUNT_AND_PID),
            Map.entry("PidSampleTest.seesOnlyItsOwnProcesses()", Needs.MOUNT_AND_PID),
            Map.entry("RootlessSampleTest.isRootInsideItsOwnNamespaces()", Needs.USER_UTS_AND_MOUNT),
            Map.entry("ScratchMountSampleTest.ownMountsStayInside()", Needs.MOUNT),
            Map.entry("ScratchMountSampleTest.startsEmpty()", Needs.MOUNT),
            Map.entry("ScratchMountSampleTest.startsEmptyInEveryTest()", Needs.MOUNT),
            Map.entry("StaticServerSampleTest.servesOnPort8080()", Needs.NETWORK),
            Map.entry("TimeSampleTest.theMachineSeemsUpFor400Days()", Needs.TIME),
            Map.entry("TimeSampleTest.nanoTimeIsFarFromZeroAndTimeoutsStillWork()", Needs.TIME)));

    /** The test engine that reports the isolated tests. */
    static final String NSUNIT = "nsunit";
    /** The test engine that reports the others (and every test, where nsunit's engine is left out). */
    static final String JUPITER = "junit-jupiter";
    /** A name's template invocation or dynamic test number, as in {@code everyRepetitionGetsAnEmptyTmpfs()[2]}. */
    private static final Pattern GENERATED = Pattern.compile("\\[\\d+\\]$");

    /** The part of nsunit's reason that says what to do: here, the process has no CAP_SYS_ADMIN. */
    static final String LACKS_SYS_ADMIN = "This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a container "
            + "started with --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined.";
    /** How nsunit's guard fails an isolated test that Jupiter meets because nsunit's engine was left out. */
    static final String NOT_ISOLATED = "nsunit did not isolate this test, so it was not run: isolated tests run under "
            + "the JUnit test engine \"nsunit\", and this run left that engine out";
    /** Added where nsunit found that unprivileged user namespaces work. */
    static final String ADD_ISOLATED_USER = " Or add @IsolatedUser: this machine lets unprivileged users create user "
            + "namespaces, and the other namespaces inside one need no privilege.";

    private Samples() {
    }

    /**
     * The reason nsunit gives for not isolating a test that needs {@code needs}, without CAP_SYS_ADMIN, where user
     * namespaces are refused too (Docker's default seccomp profile): for {@code @IsolatedUser}, only its start, as
     * the rest quotes util-linux's error.
     */
    static String reasonWithoutSysAdmin(Needs needs, boolean userNamespacesWork) {
        String start = "nsunit cannot create " + needs.inWords() + " namespaces here: ";
        if (needs.probedByCommand) {
            return start;
        }
        List<String> failures = new ArrayList<>();
        for (String flag : needs.cloneFlags) {
            failures.add("unshare(" + flag + ") failed: EPERM (Operation not permitted)");
        }
        return start + String.join("; ", failures) + ". " + LACKS_SYS_ADMIN
                + (userNamespacesWork ? ADD_ISOLATED_USER : "");
    }

    /**
     * The start of the reason nsunit gives as root without CAP_SYS_ADMIN, where user namespaces are refused too
     * (Docker's default seccomp profile): a child of root is hardened, so nsunit tried a user namespace, and says so
     * (what unshare printed follows).
     */
    static String reasonForHardenedWithoutSysAdmin(Needs needs) {
        return "nsunit cannot create " + needs.hardenedInWords() + " namespaces here for a hardened child (one that "
                + "keeps no power over the host): Cannot give the child its user namespace: util-linux's unshare "
                + "exited before the child's namespaces existed; it said: unshare: unshare failed: Operation not "
                + "permitted. This process runs as root but lacks CAP_SYS_ADMIN, as in a container started without "
                + "it, and Docker's default seccomp profile then refuses user namespaces too. Start the container "
                + "with --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined.";
    }

    /**
     * Every sample (or those of the given classes) with the outcome {@code expected} gives for what it needs, under
     * nsunit's engine if it is isolated and Jupiter's if not (unless the outcome names its engine). A template's
     * invocations and a factory's dynamic tests that do not pass are expected as the template or factory, reported
     * whole.
     */
    static Map<String, Outcome> expect(Function<Needs, Outcome> expected, String... classes) {
        Map<String, Outcome> outcomes = new TreeMap<>();
        ALL.forEach((name, needs) -> {
            String className = name.substring(0, name.indexOf('.')).replaceFirst("\\$.*", "");
            if (classes.length == 0 || Arrays.asList(classes).contains(className)) {
                Outcome outcome = expected.apply(needs);
                if (outcome.engine() == null) {
                    outcome = outcome.under(needs == Needs.NOTHING ? JUPITER : NSUNIT);
                }
                String reportedAs = outcome.status() == Outcome.Status.SUCCESSFUL ? name
                        : GENERATED.matcher(name).replaceFirst("");
                outcomes.put(reportedAs, outcome);
            }
        });
        return outcomes;
    }

    /** The start of the reason nsunit gives for not limiting {@code LimitsSampleTest} where it cannot. */
    static final String LIMITS_UNAVAILABLE = "@Limits(memory = 128 MiB, pids = 64) cannot be enforced here: ";

    /**
     * All pass, but where the test JVM cannot create cgroups with limits below its own, the limited samples are
     * aborted (skipped) saying why. In a container on cgroup v2 with a cgroup namespace of its own (Docker's
     * default), the container's cgroup has processes, so cgroup v2 lets it pass no controller on; on cgroup v1 a
     * container's cgroup mounts are read-only. Either reason may be the one, hence only the start is expected.
     */
    static Outcome passing(Needs needs) {
        return needs == Needs.LIMITED_MOUNT_AND_PID
                ? Outcome.abortedStartingWith("org.opentest4j.TestAbortedException", LIMITS_UNAVAILABLE)
                : Outcome.SUCCESSFUL;
    }

    /**
     * Isolated tests aborted (reported as skipped) with the reason, plain ones pass: nsunit's default where neither
     * CAP_SYS_ADMIN nor user namespaces are to be had.
     */
    static Outcome skippedWithoutSysAdmin(Needs needs) {
        return needs == Needs.NOTHING ? Outcome.SUCCESSFUL : aborted(needs, false, "");
    }

    /**
     * Without CAP_SYS_ADMIN but where user namespaces work (a non-root user, seccomp unconfined): the rootless
     * samples pass, the others are skipped with a reason that suggests {@code @IsolatedUser}.
     */
    static Outcome skippedWithoutSysAdminButRootlessPasses(Needs needs) {
        return needs == Needs.NOTHING || needs.rootless ? Outcome.SUCCESSFUL : aborted(needs, true, "");
    }

    /**
     * As root without CAP_SYS_ADMIN and without user namespaces (a default Docker container): isolated tests aborted
     * with the hardened child's reason, {@code @IsolatedUser} ones with theirs, plain ones pass.
     */
    static Outcome skippedAsRootWithoutSysAdmin(Needs needs) {
        if (needs == Needs.NOTHING) {
            return Outcome.SUCCESSFUL;
        }
        return needs.rootless ? aborted(needs, false, "")
                : Outcome.aborted("org.opentest4j.TestAbortedException", reasonForHardenedWithoutSysAdmin(needs));
    }

    /**
     * The same failed, with the reason that names the parameter that made it a failure: {@code
     * nsunit.unsupported=fail}.
     */
    static Outcome failedAsRootWithoutSysAdmin(Needs needs) {
        if (needs == Needs.NOTHING) {
            return Outcome.SUCCESSFUL;
        }
        return needs.rootless ? Outcome.failedStartingWith("java.lang.IllegalStateException",
                reasonWithoutSysAdmin(needs, false))
                : Outcome.failed("java.lang.IllegalStateException", reasonForHardenedWithoutSysAdmin(needs)
                        + " (nsunit.unsupported = fail)");
    }

    /**
     * Where a launcher's engine filter leaves nsunit's engine out: Jupiter meets the isolated tests and fails each
     * (or its class, whose tests the report lists with the class's failure) before anything of it runs, with the
     * reason and the fix; plain tests pass.
     */
    static Outcome failedAsNotIsolated(Needs needs) {
        return needs == Needs.NOTHING ? Outcome.SUCCESSFUL.under(JUPITER)
                : Outcome.failedStartingWith("org.junit.jupiter.api.extension.ExtensionConfigurationException",
                        NOT_ISOLATED).under(JUPITER);
    }

    private static Outcome aborted(Needs needs, boolean userNamespacesWork, String suffix) {
        String reason = reasonWithoutSysAdmin(needs, userNamespacesWork) + suffix;
        return needs.probedByCommand ? Outcome.abortedStartingWith("org.opentest4j.TestAbortedException", reason)
                : Outcome.aborted("org.opentest4j.TestAbortedException", reason);
    }
}
