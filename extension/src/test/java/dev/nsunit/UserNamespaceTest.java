package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.NetworkInterface;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.InsideView;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * {@code @IsolatedUser} makes every other namespace work for a user without privileges. The unprivileged parent
 * JVM runs as nobody (uid 65534), as setpriv makes it; this machine allows unprivileged user namespaces.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class UserNamespaceTest {

    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--");

    @Test
    void anUnprivilegedUserGetsEveryNamespaceWithIsolatedUser() throws Exception {
        try (ReadableClassPath classPath = ReadableClassPath.copy()) {
            String output = Java.run(Java.command(AS_NOBODY, List.of(classPath.cacheDirectoryOption()),
                    classPath.classPath(), FixtureRunner.class,
                    Rootless.class.getName()));

            assertThat(output).contains("RESULT SUCCESSFUL everyNamespaceWithoutRoot()")
                    .doesNotContain("RESULT FAILED").contains("HOST-UNCHANGED true");
        }
    }

    @Test
    void anUnprivilegedUserWithoutIsolatedUserIsToldToAddIt() throws Exception {
        try (ReadableClassPath classPath = ReadableClassPath.copy()) {
            String output = Java.run(Java.command(AS_NOBODY, List.of(classPath.cacheDirectoryOption()),
                    classPath.classPath(), FixtureRunner.class,
                    NeedsRootWithoutUser.class.getName()));

            assertThat(output).contains("RESULT ABORTED needsPrivilege() | org.opentest4j.TestAbortedException: "
                    + "nsunit cannot create UTS namespaces here: unshare(CLONE_NEWUTS) failed: EPERM")
                    .contains("Or add @IsolatedUser: this machine lets unprivileged users create user namespaces");
        }
    }

    @Test
    void anUnprivilegedUserGetsEachTypeAloneWithIsolatedUser() throws Exception {
        try (ReadableClassPath classPath = ReadableClassPath.copy()) {
            String output = Java.run(Java.command(AS_NOBODY, List.of(classPath.cacheDirectoryOption()),
                    classPath.classPath(), FixtureRunner.class,
                    EachTypeRootless.class.getName()));

            assertThat(output).contains("RESULT SUCCESSFUL uts()", "RESULT SUCCESSFUL mount()",
                    "RESULT SUCCESSFUL network()", "RESULT SUCCESSFUL ipc()", "RESULT SUCCESSFUL pid()")
                    .doesNotContain("RESULT FAILED").contains("HOST-UNCHANGED true");
        }
    }

    @Test
    void rootCanMapItselfToAnyIdInside() {
        Fixtures.run(MappedToOtherIds.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @IsolatedUser
    @IsolatedUts(hostname = "rootless")
    @IsolatedMount(tmpfs = "/srv", readOnly = "/srv")
    @IsolatedNetwork
    @IsolatedIpc
    @IsolatedPid
    static class Rootless {
        @Test
        void everyNamespaceWithoutRoot() throws Exception {
            assertEquals("rootless", Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
            assertThat(Files.readString(Path.of("/proc/self/uid_map")).strip().split("\\s+"))
                    .containsExactly("0", "65534", "1");
            assertThat(ProcessHandle.current().pid()).isEqualTo(1);
            assertThat(NetworkInterface.getByName("lo").isUp()).isTrue();
            assertThatThrownBy(() -> Files.writeString(Path.of("/srv/x"), "x"))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("Read-only file system");
        }
    }

    @IsolatedUser
    static class EachTypeRootless {
        @Test
        @IsolatedUts(hostname = "uts-only")
        void uts() throws Exception {
            InsideView.hostnameIs("uts-only");
        }

        @Test
        @IsolatedMount(tmpfs = "/srv")
        void mount() throws Exception {
            InsideView.isEmptyTmpfs("/srv");
        }

        @Test
        @IsolatedNetwork
        void network() throws Exception {
            InsideView.onlyLoopbackIsUp();
        }

        @Test
        @IsolatedIpc
        void ipc() throws Exception {
            InsideView.noSystemVObjects();
        }

        @Test
        @IsolatedPid
        @IsolatedMount
        void pid() {
            InsideView.isProcessOneSeeingOnlyItself();
        }
    }

    static class NeedsRootWithoutUser {
        @Test
        @IsolatedUts
        void needsPrivilege() {
        }
    }

    static class MappedToOtherIds {
        @Test
        @IsolatedUser(uid = 1000, gid = 1001)
        void isUserThousandInside() throws Exception {
            Process id = new ProcessBuilder("id", "-u").start();
            assertEquals("1000", new String(id.getInputStream().readAllBytes()).strip());
            Process gid = new ProcessBuilder("id", "-g").start();
            assertEquals("1001", new String(gid.getInputStream().readAllBytes()).strip());
        }
    }
}
