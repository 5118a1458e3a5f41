package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;

/**
 * Without CAP_SYS_ADMIN, isolated tests that cannot have their namespaces are aborted (or failed, if configured)
 * with the reason and the fix; plain tests are unaffected. The parent JVM runs without the capability: setpriv
 * drops it from the bounding set, so even root does not get it back on exec. A hardened child of root needs no
 * CAP_SYS_ADMIN (it has all capabilities in a user namespace of its own), so the fixtures that must meet the
 * refusal keep the host's root with {@code @Privileged}.
 */
@NeedsNamespaces
class UnsupportedEnvironmentTest {

    private static final List<String> WITHOUT_SYS_ADMIN = List.of("setpriv", "--bounding-set", "-sys_admin", "--");
    /** Root without the capability is not told to run as root: it is told what it lacks, and how to get it. */
    private static final String REASON = "nsunit cannot create UTS namespaces here: unshare(CLONE_NEWUTS) failed: "
            + "EPERM (Operation not permitted). This process runs as root but lacks CAP_SYS_ADMIN, as in a container "
            + "started without it, and a @Privileged test needs it. Start the container with --cap-add SYS_ADMIN "
            + "--security-opt seccomp=unconfined --security-opt apparmor=unconfined, or leave out @Privileged: a "
            + "hardened child needs no CAP_SYS_ADMIN.";
    private static final String BOTH_REASON = "nsunit cannot create UTS and mount namespaces here: "
            + "unshare(CLONE_NEWUTS) failed: EPERM (Operation not permitted); unshare(CLONE_NEWNS) failed: EPERM "
            + "(Operation not permitted). This process runs as root but lacks CAP_SYS_ADMIN";

    @Test
    void isolatedTestsAreAbortedWithTheReasonAndTheFixByDefault() throws Exception {
        String output = Java.run(Java.command(WITHOUT_SYS_ADMIN, FixtureRunner.class, Mixed.class.getName()));

        assertThat(output).contains("RESULT ABORTED isolated() | org.opentest4j.TestAbortedException: " + REASON)
                .contains("RESULT ABORTED alsoIsolated() | org.opentest4j.TestAbortedException: " + REASON)
                .contains("RESULT ABORTED both() | org.opentest4j.TestAbortedException: " + BOTH_REASON)
                .contains("RESULT ABORTED three() | org.opentest4j.TestAbortedException: nsunit cannot create UTS, "
                        + "network and PID namespaces here: ")
                .contains("RESULT SUCCESSFUL plain()")
                .contains("HOST-UNCHANGED true");
    }

    @Test
    void aNetworkNamespaceWithoutNetAdminIsExplainedAsSuch() throws Exception {
        List<String> withoutNetAdmin = List.of("setpriv", "--bounding-set", "-net_admin", "--");

        String output = Java.run(Java.command(withoutNetAdmin, FixtureRunner.class, Network.class.getName()));

        assertThat(output).contains("RESULT ABORTED network() | org.opentest4j.TestAbortedException: nsunit cannot "
                + "create network namespaces here: ioctl(SIOCSIFFLAGS, lo up) failed: EPERM (Operation not "
                + "permitted). Bringing loopback up in a new network namespace needs CAP_NET_ADMIN, which this "
                + "process lacks although it runs as root, as in a container started without it. Start the "
                + "container with --cap-add NET_ADMIN.");
    }

    @Test
    void rootWithoutCapSysAdminStillRunsHardenedChildren() throws Exception {
        String output = Java.run(Java.command(WITHOUT_SYS_ADMIN, FixtureRunner.class, Hardened.class.getName()));

        assertThat(output).contains("RESULT SUCCESSFUL isolated()").contains("HOST-UNCHANGED true");
    }

    @Test
    void isolatedTestsFailWithTheSameReasonWhenConfiguredTo() throws Exception {
        String output = Java.run(Java.command(WITHOUT_SYS_ADMIN, FixtureRunner.class, Mixed.class.getName(),
                "nsunit.unsupported=fail"));

        assertThat(output).contains("RESULT FAILED isolated() | java.lang.IllegalStateException: " + REASON)
                .contains("RESULT SUCCESSFUL plain()");
    }

    static class Hardened {
        @Test
        @IsolatedUts(hostname = "hardened")
        @IsolatedNetwork
        void isolated() throws Exception {
            assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")))
                    .isEqualTo("hardened\n");
        }
    }

    @Privileged
    static class Network {
        @Test
        @IsolatedNetwork
        void network() {
        }
    }

    @Privileged
    static class Mixed {
        @Test
        @IsolatedUts
        void isolated() {
        }

        @Test
        @IsolatedUts(hostname = "other")
        void alsoIsolated() {
        }

        @Test
        @IsolatedUts
        @IsolatedMount
        void both() {
        }

        @Test
        @IsolatedUts
        @IsolatedNetwork
        @IsolatedPid
        void three() {
        }

        @Test
        void plain() {
        }
    }
}
