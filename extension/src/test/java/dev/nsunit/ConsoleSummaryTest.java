package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * A run in which isolated tests could not have their namespaces says so once, on standard error, at its end: how
 * many, why, and what to do. A build that skipped them is otherwise green, and silent about it. The unprivileged
 * test JVM runs as nobody (uid 65534), as setpriv makes it.
 */
@NeedsNamespaces
class ConsoleSummaryTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--");
    private static final String REASON = "nsunit cannot create UTS namespaces here: unshare(CLONE_NEWUTS) failed: "
            + "EPERM (Operation not permitted). This process lacks CAP_SYS_ADMIN. Run the tests as root, or in a "
            + "container started with --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt "
            + "apparmor=unconfined. Or add @IsolatedUser: this machine lets unprivileged users create user "
            + "namespaces, and the other namespaces inside one need no privilege.";
    private static final String DOCTOR = "nsunit: To see what works here, and why not: run nsunit's doctor, "
            + "java -cp <the tests' class path> dev.nsunit.internal.doctor.Doctor (in nsunit's own repository: "
            + "mvn -q -pl extension compile exec:java@doctor).\n";
    private static final String ISOLATED_USER = "nsunit: To run them without privilege: annotate them @IsolatedUser "
            + "(user namespaces work here for this user, and inside one the other namespaces need no privilege).\n";

    @Test
    void skippedForLackOfPrivilegeTheRunEndsSayingHowManyWhyAndWhatToDo() throws Exception {
        try (ReadableClassPath classPath = ReadableClassPath.copy()) {
            Java.Captured run = Java.capture(Java.command(AS_NOBODY, List.of(classPath.cacheDirectoryOption()),
                    classPath.classPath(),
                    FixtureRunner.class, TwoIsolatedOnePlain.class.getName()));

            assertThat(run.output()).contains("RESULT ABORTED first()").contains("RESULT SUCCESSFUL plain()");
            assertThat(run.errors()).containsOnlyOnce("nsunit: 2 isolated tests were skipped, because nsunit cannot "
                    + "create their namespaces here:\n"
                    + "nsunit:   2 isolated tests: " + REASON + "\n"
                    + DOCTOR
                    + "nsunit: To make a build fail where they cannot run, instead of passing with them skipped: set "
                    + "the configuration parameter nsunit.unsupported=fail.\n"
                    + ISOLATED_USER);
        }
    }

    @Test
    void failedForLackOfPrivilegeTheRunEndsSayingSoWithoutSuggestingWhatIsAlreadySet() throws Exception {
        try (ReadableClassPath classPath = ReadableClassPath.copy()) {
            Java.Captured run = Java.capture(Java.command(AS_NOBODY, List.of(classPath.cacheDirectoryOption()),
                    classPath.classPath(),
                    FixtureRunner.class, TwoIsolatedOnePlain.class.getName(), "nsunit.unsupported=fail"));

            assertThat(run.output()).contains("RESULT FAILED first()");
            assertThat(run.errors()).containsOnlyOnce("nsunit: 2 isolated tests failed, because nsunit cannot "
                    + "create their namespaces here:\n"
                    + "nsunit:   2 isolated tests: " + REASON + "\n"
                    + DOCTOR
                    + ISOLATED_USER)
                    .doesNotContain("nsunit.unsupported=fail.");
        }
    }

    @Test
    void aRunInWhichEveryIsolatedTestRanSaysNothing() throws Exception {
        Java.Captured run = Java.capture(Java.command(List.of(), FixtureRunner.class,
                TwoIsolatedOnePlain.class.getName()));

        assertThat(run.output()).contains("RESULT SUCCESSFUL first()").contains("RESULT SUCCESSFUL second()");
        assertThat(run.errors()).doesNotContain("cannot create").doesNotContain("isolated test")
                .doesNotContain("doctor");
    }

    static class TwoIsolatedOnePlain {
        @Test
        @IsolatedUts
        void first() {
        }

        @Test
        @IsolatedUts(hostname = "second")
        void second() {
        }

        @Test
        void plain() {
        }
    }
}
