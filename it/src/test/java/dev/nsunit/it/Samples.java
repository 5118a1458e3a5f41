package dev.nsunit.it;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import dev.nsunit.it.LauncherRun.Outcome;

/**
 * Every test of {@code samples/}, by the short name {@link LauncherRun} gives it, with the namespaces it asks for.
 * A sample added, renamed or removed must be added here too: it/ asserts each test's outcome, not a count.
 */
final class Samples {

    enum Needs { NOTHING, UTS, MOUNT, UTS_AND_MOUNT }

    static final Map<String, Needs> ALL = new TreeMap<>(Map.ofEntries(
            Map.entry("ComposedAnnotationSampleTest.getsTheHostname()", Needs.UTS_AND_MOUNT),
            Map.entry("ComposedAnnotationSampleTest.getsTheScratchSpace()", Needs.UTS_AND_MOUNT),
            Map.entry("HostnameSampleTest.methodAnnotationAddsADomainname()", Needs.UTS),
            Map.entry("HostnameSampleTest.seesTheIsolatedHostname()", Needs.UTS),
            Map.entry("LifecycleSampleTest.setUpRanInTheChild()", Needs.UTS),
            Map.entry("LifecycleSampleTest.staticStateStartsOverInEveryTest()", Needs.UTS),
            Map.entry("MixedSampleTest.isolatedTestRenamesItsMachine()", Needs.UTS),
            Map.entry("MixedSampleTest.ordinaryTestSeesTheRealMachine()", Needs.NOTHING),
            Map.entry("NestedSampleTest.outerTest()", Needs.UTS),
            Map.entry("NestedSampleTest$Inner.inheritsTheOuterHostname()", Needs.UTS),
            Map.entry("NestedSampleTest$Inner$Innermost.getsItsOwnHostnameAndAScratchTmpfs()", Needs.UTS_AND_MOUNT),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[1]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[2]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyInvocationMayRenameItsMachine(java.lang.String)[3]", Needs.UTS),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[1]", Needs.MOUNT),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[2]", Needs.MOUNT),
            Map.entry("ParameterizedSampleTest.everyRepetitionGetsAnEmptyTmpfs()[3]", Needs.MOUNT),
            Map.entry("ScratchMountSampleTest.ownMountsStayInside()", Needs.MOUNT),
            Map.entry("ScratchMountSampleTest.startsEmpty()", Needs.MOUNT),
            Map.entry("ScratchMountSampleTest.startsEmptyInEveryTest()", Needs.MOUNT)));

    /** The part of nsunit's reason that says what to do: here, the process has no CAP_SYS_ADMIN. */
    static final String LACKS_SYS_ADMIN = "This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a container "
            + "started with --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined.";

    private Samples() {
    }

    /** The reason nsunit gives for not isolating a test that needs {@code needs}, without CAP_SYS_ADMIN. */
    static String reasonWithoutSysAdmin(Needs needs) {
        return switch (needs) {
            case UTS -> "nsunit cannot create UTS namespaces here: unshare(CLONE_NEWUTS) failed: EPERM (Operation "
                    + "not permitted). " + LACKS_SYS_ADMIN;
            case MOUNT -> "nsunit cannot create mount namespaces here: unshare(CLONE_NEWNS) failed: EPERM "
                    + "(Operation not permitted). " + LACKS_SYS_ADMIN;
            case UTS_AND_MOUNT -> "nsunit cannot create UTS and mount namespaces here: unshare(CLONE_NEWUTS) failed: "
                    + "EPERM (Operation not permitted); unshare(CLONE_NEWNS) failed: EPERM (Operation not permitted). "
                    + LACKS_SYS_ADMIN;
            case NOTHING -> throw new IllegalArgumentException("a plain test needs no namespace");
        };
    }

    /** Every sample (or those of the given classes) with the outcome {@code expected} gives for what it needs. */
    static Map<String, Outcome> expect(Function<Needs, Outcome> expected, String... classes) {
        Map<String, Outcome> outcomes = new TreeMap<>();
        ALL.forEach((name, needs) -> {
            String className = name.substring(0, name.indexOf('.')).replaceFirst("\\$.*", "");
            if (classes.length == 0 || Arrays.asList(classes).contains(className)) {
                outcomes.put(name, expected.apply(needs));
            }
        });
        return outcomes;
    }

    /** All pass. */
    static Outcome passing(Needs needs) {
        return Outcome.SUCCESSFUL;
    }

    /** Isolated tests aborted (reported as skipped) with the reason, plain ones pass: nsunit's default. */
    static Outcome skippedWithoutSysAdmin(Needs needs) {
        return needs == Needs.NOTHING ? Outcome.SUCCESSFUL
                : Outcome.aborted("org.opentest4j.TestAbortedException", reasonWithoutSysAdmin(needs));
    }

    /**
     * Isolated tests failed with the same reason, which names the parameter that made it a failure; plain ones
     * pass: {@code nsunit.unsupported=fail}.
     */
    static Outcome failedWithoutSysAdmin(Needs needs) {
        return needs == Needs.NOTHING ? Outcome.SUCCESSFUL
                : Outcome.failed("java.lang.IllegalStateException",
                        reasonWithoutSysAdmin(needs) + " (nsunit.unsupported = fail)");
    }
}
