package dev.nsunit.internal.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.setup.EnvironmentProbe.Refusal;
import dev.nsunit.internal.setup.Hardening;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsLimits;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * The doctor reports, per namespace type, whether a test can have it here and how, and for each that it cannot,
 * why and what to do; its exit status says whether every requested type works. Each run is a JVM of its own, as
 * root, as root without CAP_SYS_ADMIN or without CAP_SETUID and CAP_SETGID (setpriv drops them from the bounding
 * set) and as nobody; this machine allows unprivileged user namespaces.
 */
class DoctorTest {

    private static final List<String> AS_ROOT = List.of();
    private static final List<String> WITHOUT_SYS_ADMIN = List.of("setpriv", "--bounding-set", "-sys_admin", "--");
    private static final List<String> WITHOUT_SETUID = List.of("setpriv", "--bounding-set", "-setuid,-setgid", "--");
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--");
    private static final String LACKS_SYS_ADMIN = "fix:   This process lacks CAP_SYS_ADMIN. Run the tests as root, "
            + "or in a container started with --cap-add SYS_ADMIN --security-opt seccomp=unconfined "
            + "--security-opt apparmor=unconfined. Or add @IsolatedUser";

    @Test
    @NeedsNamespaces
    void asRootEveryTypeWorksInHardenedChildrenAndTheStatusIsZero() throws Exception {
        Java.Result result = Java.execute(Java.command(AS_ROOT, Doctor.class));

        assertThat(result.output()).contains(
                "UTS      works  for @IsolatedUts, by util-linux unshare --user --uts --mount, hardened",
                "mount    works  for @IsolatedMount, by util-linux unshare --user --mount, hardened",
                "IPC      works  for @IsolatedIpc, by util-linux unshare --user --mount --ipc, hardened",
                "network  works  for @IsolatedNetwork, by util-linux unshare --user --mount --net, hardened",
                "PID      works  for @IsolatedPid, by util-linux unshare --user --mount --pid, hardened",
                "user     works  for @IsolatedUser, by util-linux unshare --user",
                "Children are hardened: this JVM runs as root or holds CAP_SYS_ADMIN",
                "All requested types work here: UTS, mount, IPC, network, PID, cgroup, time, user.")
                // netem, a feature the kernel may lack, may fail: it does not count unless named
                .doesNotContainPattern("(UTS|mount|IPC|network|PID|cgroup|time|user) +FAILS");
        assertThat(result.status()).isZero();
    }

    @Test
    @NeedsLimits
    void asRootLimitsWorkAndTheRowSaysInWhichCgroupsTheyGo() throws Exception {
        Java.Result result = Java.execute(Java.command(AS_ROOT, Doctor.class, "limits"));

        assertThat(result.output()).containsPattern("limits   works  for @Limits, by memory in cgroup v[12] cgroups "
                + "created below /sys/fs/cgroup/\\S*; pids.* cpu in cgroup v[12] cgroups created below /sys/fs/cgroup");
        assertThat(result.status()).isZero();
    }

    @Test
    @NeedsLimits
    void asNobodyLimitsFailSayingWhereNsunitMayNotCreateCgroups() throws Exception {
        Java.Result result = Java.execute(Java.command(AS_NOBODY, Doctor.class, "limits"));

        assertThat(result.output()).contains("limits   FAILS  for @Limits",
                "why:   @Limits(memory = 64 MiB, pids = 32, cpus = 1) cannot be enforced here: nsunit may not create "
                        + "cgroups in /sys/fs/cgroup/",
                "Run the tests as root, or in a cgroup delegated to their user (systemd: Delegate=yes)");
        assertThat(result.status()).isEqualTo(Doctor.SOME_FAIL);
    }

    @Test
    @NeedsNamespaces
    void rootWithoutCapSysAdminStillGetsEveryTypeInHardenedChildren() throws Exception {
        Java.Result result = Java.execute(Java.command(WITHOUT_SYS_ADMIN, Doctor.class));

        assertThat(result.output()).contains("user root (uid 0), CAP_SYS_ADMIN no;",
                "UTS      works  for @IsolatedUts, by util-linux unshare --user --uts --mount, hardened",
                "All requested types work here: UTS, mount, IPC, network, PID, cgroup, time, user.");
        assertThat(result.status()).isZero();
    }

    @Test
    @NeedsNamespaces
    void rootWithoutCapSetuidCannotHardenAndIsToldWhyAndThatPrivilegedWouldWork() throws Exception {
        Java.Result result = Java.execute(Java.command(WITHOUT_SETUID, Doctor.class, "uts"));

        assertThat(result.output()).contains(
                "UTS      FAILS  for @IsolatedUts, by util-linux unshare --user --uts --mount, hardened",
                "why:   Cannot give the child its user namespace: writing the identity map \"0 0 4294967295\" to /proc/",
                "/uid_map failed: Operation not permitted",
                "fix:   Writing a child's identity map takes CAP_SETUID and CAP_SETGID, and this process lacks one of "
                        + "them: run the tests as root with both.",
                "with @Privileged: works, by unshare(CLONE_NEWUTS) on a spawner thread",
                "Not working here: UTS (1 of 1 requested types).");
        assertThat(result.status()).isEqualTo(Doctor.SOME_FAIL);
    }

    @Test
    @NeedsNamespaces
    void asRootJoiningANamespaceWorksAndNetemIsReportedWithoutCountingUnlessNamed() throws Exception {
        Java.Result result = Java.execute(Java.command(AS_ROOT, Doctor.class));

        assertThat(result.output()).contains(
                "join     works  for @JoinNamespace, by setns(2) on the spawner thread, before it creates any namespace",
                "netem    ", "for @NetworkConditions, by iproute2 tc in the child's own network namespace (netem on its "
                        + "loopback)");
        assertThat(result.status()).isZero();
    }

    @Test
    @NeedsNamespaces
    void whereTheKernelHasNoNetemTheDoctorSaysSoAndHowToGetItAndFailsWhenAskedForIt() throws Exception {
        Optional<Refusal> netem = EnvironmentProbe.netemRefusal(Hardening.needed());
        assumeTrue(netem.isPresent() && netem.get().failure().contains("sch_netem"), "this kernel has netem");

        Java.Result result = Java.execute(Java.command(AS_ROOT, Doctor.class, "netem"));

        assertThat(result.output()).contains(
                "netem    FAILS  for @NetworkConditions",
                "why:   the kernel has no netem queueing discipline (sch_netem): tc qdisc add dev lo root netem delay "
                        + "1ms, in a new network namespace, said \"Error: Specified qdisc kind is unknown.\"",
                "fix:   Load it with modprobe sch_netem (on Ubuntu it is in the package "
                        + "linux-modules-extra-$(uname -r)), or run the tests on a kernel built with "
                        + "CONFIG_NET_SCH_NETEM.",
                "Not working here: netem.")
                .doesNotContain("UTS      ");
        assertThat(result.status()).isEqualTo(Doctor.SOME_FAIL);
    }

    @Test
    void anUnknownTypeIsAUsageErrorAndNothingIsProbed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Doctor.run(new String[] {"uts", "cgroups"}, print(out), print(err));

        assertThat(status).isEqualTo(Doctor.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Unknown namespace type \"cgroups\".")
                .contains("usage: Doctor [uts|mount|ipc|network|pid|cgroup|time|user|join|netem|limits]...");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** Without privileges: the class path must be one that nobody can read. */
    @Nested
    @NeedsNamespaces
    @TestInstance(Lifecycle.PER_CLASS)
    class AsAnUnprivilegedUser {

        private ReadableClassPath classPath;

        @BeforeAll
        void copyTheClassPath() throws Exception {
            classPath = ReadableClassPath.copy();
        }

        @AfterAll
        void deleteTheCopy() throws Exception {
            classPath.close();
        }

        @Test
        void typesThatNeedPrivilegeFailAndTheDoctorShowsThatIsolatedUserGivesThemAll() throws Exception {
            Java.Result result = Java.execute(doctor());

            assertThat(result.output()).contains("user nobody (uid 65534), CAP_SYS_ADMIN no;",
                    "mount    FAILS  for @IsolatedMount",
                    "why:   unshare(CLONE_NEWNS) failed: EPERM (Operation not permitted)",
                    LACKS_SYS_ADMIN,
                    "with @IsolatedUser: works, through util-linux unshare --user --mount",
                    "user     works  for @IsolatedUser",
                    "Not working here: UTS, mount, IPC, network, PID, cgroup, time (7 of 8 requested types). With "
                            + "@IsolatedUser, "
                            + "all of them work.");
            assertThat(result.status()).isEqualTo(Doctor.SOME_FAIL);
        }

        @Test
        void onlyTheRequestedTypesAreReportedAndTheStatusIsZeroWhenTheyAllWork() throws Exception {
            Java.Result result = Java.execute(doctor("user"));

            assertThat(result.output()).contains("user     works  for @IsolatedUser", "All requested types work here: user.")
                    .doesNotContain("UTS", "mount");
            assertThat(result.status()).isZero();
        }

        @Test
        void joiningANamespaceNeedsCapSysAdminAndTheDoctorSaysSo() throws Exception {
            Java.Result result = Java.execute(doctor("join"));

            assertThat(result.output()).contains("join     FAILS  for @JoinNamespace",
                    "why:   setns(CLONE_NEWNET) failed: EPERM (Operation not permitted)",
                    "fix:   Joining a namespace takes CAP_SYS_ADMIN, which this process lacks. Run the tests as root.",
                    "Not working here: join.");
            assertThat(result.status()).isEqualTo(Doctor.SOME_FAIL);
        }

        private List<String> doctor(String... types) {
            return Java.command(AS_NOBODY, List.of(), classPath.classPath(), Doctor.class, types);
        }
    }
}
