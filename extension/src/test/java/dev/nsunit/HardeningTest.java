package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ParentUserNamespace;
import dev.nsunit.support.Shell;

/**
 * A child of root holds no power over the host: its namespaces are owned by a user namespace of its own that maps
 * every id to itself, and the kernel's global knobs are read-only in its mount namespace. What a test suite does by
 * mistake (a plain remount, a global sysctl, the hostname without a UTS namespace) and what it might do on purpose
 * (join the host's namespaces) is refused, and the host stays as it was. Each fixture first proves it is in a user
 * namespace of its own, so that a broken hardening fails the fixture before anything reaches the host.
 */
@NeedsNamespaces
@EnabledIf(value = "runsAsRoot", disabledReason = "only a child of root is hardened")
@ExtendWith(HostUnchanged.class)
class HardeningTest {

    @BeforeAll
    static void publishTheParentsUserNamespace() {
        ParentUserNamespace.publish();
    }

    static boolean runsAsRoot() throws Exception {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
    }

    @Test
    void aPlainRemountOfAHostMountIsRefused() {
        passes(RemountsAHostMount.class);
    }

    @Test
    void remountingTheRootReadOnlyIsRefused() {
        passes(RemountsTheRoot.class);
    }

    @Test
    void aGlobalSysctlCannotBeWritten() {
        passes(WritesAGlobalSysctl.class);
    }

    @Test
    void theHostsNetworkAndUtsNamespacesCannotBeJoined() {
        passes(JoinsTheParentsNamespaces.class);
    }

    @Test
    void theHostnameCannotBeSetWithoutAUtsNamespace() {
        passes(SetsTheHostnameWithMountOnly.class);
    }

    @Test
    void rootsFileAccessAndTheChildsOwnNamespacesStillWork() {
        passes(DoesWhatTestsDo.class);
    }

    @Test
    void theKnobsOfTheChildsOwnNamespacesStayWritable() {
        passes(WritesItsOwnKnobs.class);
    }

    @Test
    void aPrivilegedTestKeepsTheHostsUserNamespace() {
        passes(KeepsTheHostsRoot.class);
    }

    private static void passes(Class<?> fixture) {
        Fixtures.assertEachPassed(Fixtures.run(fixture), 1);
    }

    static class RemountsAHostMount {
        @Test
        @IsolatedMount
        void isRefused() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            Shell.Result remount = Shell.run("mount -o remount,ro /proc");

            assertThat(remount.status()).as(remount.output()).isNotZero();
            assertThat(remount.output()).contains("permission denied");
        }
    }

    static class RemountsTheRoot {
        @Test
        @IsolatedMount
        void isRefused() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            Shell.Result remount = Shell.run("mount -o remount,ro /");

            assertThat(remount.status()).as(remount.output()).isNotZero();
            assertThat(remount.output()).contains("permission denied");
        }
    }

    static class WritesAGlobalSysctl {
        @Test
        @IsolatedMount
        @IsolatedUts
        void isRefused() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            Shell.Result write = Shell.run("echo 61 > /proc/sys/vm/swappiness");

            assertThat(write.status()).isNotZero();
            assertThat(write.output()).contains("Read-only file system");
        }
    }

    static class JoinsTheParentsNamespaces {
        @Test
        @IsolatedNetwork
        void isRefused() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            Shell.Result network = Shell.run("nsenter -t " + parent + " -n ip link add nsunit-spec type dummy");
            Shell.Result uts = Shell.run("nsenter -t " + parent + " -u hostname nsunit-leaked");

            assertThat(network.status()).isNotZero();
            assertThat(network.output()).contains("Permission denied");
            assertThat(uts.status()).isNotZero();
            assertThat(uts.output()).contains("Permission denied");
        }
    }

    static class SetsTheHostnameWithMountOnly {
        @Test
        @IsolatedMount
        void isRefused() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            Shell.Result hostname = Shell.run("hostname nsunit-leaked");
            Shell.Result knob = Shell.run("echo nsunit-leaked > /proc/sys/kernel/hostname");

            assertThat(hostname.status()).isNotZero();
            assertThat(hostname.output()).contains("you must be root to change the host name");
            assertThat(knob.status()).isNotZero();
            assertThat(knob.output()).contains("Read-only file system");
        }
    }

    @IsolatedMount(tmpfs = "/srv")
    @IsolatedUts(hostname = "hardened")
    @IsolatedNetwork
    @IsolatedIpc
    @IsolatedPid
    static class DoesWhatTestsDo {
        @Test
        void asRoot() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            assertThat(Shell.run("id -u").output()).isEqualTo("0");
            assertThat(Shell.run("head -c 1 /etc/shadow").status()).as("reading what only root reads").isZero();
            assertThat(Shell.run("touch /srv/f && chown 1234:1234 /srv/f && stat -c %u:%g /srv/f").output())
                    .isEqualTo("1234:1234");
            assertThat(Shell.run("mkdir /srv/a /srv/b && mount --bind /srv/a /srv/b && mount -o remount,bind,ro /srv/b"
                    + " && mount -t tmpfs none /srv/a && echo mounted").output()).isEqualTo("mounted");
            assertThat(Shell.run("hostname again && hostname").output()).isEqualTo("again");
            assertThat(Shell.run("ip link add spec0 type veth peer name spec1 && ip link set spec0 up && tc qdisc add dev lo root "
                    + "handle 1: htb && echo linked").output()).isEqualTo("linked");
            assertThat(Shell.run("ipcmk --shmem 4096 >/dev/null && echo created").output()).isEqualTo("created");
            assertThat(ProcessHandle.current().pid()).isEqualTo(1);
        }
    }

    @IsolatedUts
    @IsolatedNetwork
    @IsolatedIpc
    static class WritesItsOwnKnobs {
        @Test
        void ownKnobs() throws Exception {
            ParentUserNamespace.assertLeftBehind();
            assertThat(Shell.run("echo knobbed > /proc/sys/kernel/hostname && hostname").output()).isEqualTo("knobbed");
            assertThat(Shell.run("echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward")
                    .output()).isEqualTo("1");
            assertThat(Shell.run("echo 4096 > /proc/sys/kernel/msgmax && cat /proc/sys/kernel/msgmax").output())
                    .isEqualTo("4096");
            assertThat(Shell.run("echo 1 > /proc/sys/kernel/panic").output()).contains("Read-only file system");
        }
    }

    static class KeepsTheHostsRoot {
        @Test
        @Privileged
        @IsolatedUts
        void privileged() {
            ParentUserNamespace.assertShared();
        }
    }
}
