package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.NotInJoinedNamespaceException;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ScratchNetworkNamespace;
import dev.nsunit.support.Shell;

/**
 * A test joins an existing namespace, by path or by a system property holding it: a network namespace made with
 * {@code ip netns add}, or a container-like process's {@code /proc/<pid>/ns/net}. The child is in it, proven by
 * inode, nsunit changes nothing in it, a hardened child cannot change it either, and bad values fail before any
 * process exists.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class JoinNamespaceTest {

    /** The system property the fixtures name; set by each spec to the namespace it made. */
    static final String PROPERTY = "nsunit.spec.netns";
    /**
     * The namespace's link, {@code net:[inode]}, as the spec reads it: a hardened child may not look at another
     * process's {@code /proc/<pid>/ns} (the kernel asks for ptrace access), so it is told.
     */
    static final String LINK_PROPERTY = "nsunit.spec.netns.link";

    private ScratchNetworkNamespace scratch;

    @BeforeEach
    void makeANetworkNamespaceAsCiWould() throws Exception {
        scratch = new ScratchNetworkNamespace();
        System.setProperty(PROPERTY, scratch.path().toString());
    }

    @AfterEach
    void deleteIt() throws Exception {
        System.clearProperty(PROPERTY);
        scratch.close();
    }

    @Test
    void aTestJoinsTheNetworkNamespaceCiMadeAndSeesItsAddress() {
        Fixtures.assertEachPassed(Fixtures.run(InScratch.class), 1);
    }

    @Test
    void nsunitChangesNothingInTheJoinedNamespaceAndAHardenedChildCannotEither() throws Exception {
        Fixtures.assertEachPassed(Fixtures.run(CannotChangeIt.class), 1);

        assertThat(Shell.run("ip -n " + scratch.path().getFileName() + " -o link show lo").output())
                .as("the joined namespace's loopback, still down").contains("state DOWN");
    }

    @Test
    void aJoinedNetworkNamespaceCombinesWithNewUtsAndMountNamespaces() {
        Fixtures.assertEachPassed(Fixtures.run(JoinedAndNew.class), 1);
    }

    @Test
    void aTestJoinsTheNetworkNamespaceOfAContainerLikeProcess() throws Exception {
        Process container = new ProcessBuilder("unshare", "--net", "sleep", "60").start();
        try {
            Path namespace = Path.of("/proc", Long.toString(container.pid()), "ns", "net");
            awaitOwnNamespace(namespace);
            System.setProperty(PROPERTY, namespace.toString());
            System.setProperty(LINK_PROPERTY, Files.readSymbolicLink(namespace).toString());

            Fixtures.assertEachPassed(Fixtures.run(InContainer.class), 1);
        }
        finally {
            System.clearProperty(LINK_PROPERTY);
            container.destroyForcibly();
            container.waitFor();
        }
    }

    @Test
    void aPathPropertyThatIsNotSetAbortsTheTestWithTheReason() {
        System.clearProperty(PROPERTY);
        long spawnsBefore = ChildProcess.spawnAttempts();

        Fixtures.run(InScratch.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                abortedWithReason(message("@JoinNamespace(pathProperty = \"" + PROPERTY + "\") on method "
                        + InScratch.class.getName() + ".seesTheAddressOnItsLoopback(): system property " + PROPERTY
                        + " is not set, so there is no network namespace to join here; set it to the namespace's "
                        + "path (-D" + PROPERTY + "=/run/netns/NAME) where one exists"))));
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    @Test
    void aThreadThatIsNotInTheJoinedNamespaceRefusesToSetUpAnything() throws Exception {
        NamespaceJoin join = join(scratch.path());
        NamespaceSetup setup = new NamespaceSetup(EnumSet.noneOf(NamespaceType.class), "", "", List.of(), List.of(),
                List.of(), List.of(), UserMapping.IDENTITY, false, ClockOffsets.NONE, List.of(join), null);

        assertThatThrownBy(() -> setup.apply(Linux.get(), NamespaceInodes.ofCurrentThread()))
                .isInstanceOf(NotInJoinedNamespaceException.class)
                .hasMessage("Refusing to run: this thread is not in the network namespace of " + scratch.path()
                        + " (inode " + join.inode() + ") that the test joins");
    }

    @Test
    void theSpawnerThreadRefusesANamespaceMadeAnewAtTheSamePathSinceItWasChecked() throws Exception {
        NamespaceJoin checked = join(scratch.path());
        NamespaceJoin madeAnew = new NamespaceJoin(checked.type(), checked.path(), checked.device(),
                checked.inode() + 1);
        CompletableFuture<String> namespaceAfter = new CompletableFuture<>();
        Thread spawner = new Thread(() -> {
            try {
                madeAnew.enter(Linux.get());
                namespaceAfter.complete("joined");
            }
            catch (Throwable refused) {
                namespaceAfter.completeExceptionally(refused);
            }
        });
        spawner.start();
        spawner.join();

        assertThatThrownBy(namespaceAfter::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessage(scratch.path() + " names another network namespace (inode " + checked.inode()
                        + ") than when the test's setup was checked (inode " + madeAnew.inode() + "); it was made "
                        + "anew in between, so not joining it");
    }

    @ParameterizedTest
    @ValueSource(classes = {RelativePath.class, MissingPath.class, NotANamespace.class, WrongType.class,
            OwnNamespace.class, NoPath.class, PathAndProperty.class, MountType.class, JoinedAndCreated.class,
            TwoNetworks.class})
    void badValuesFailBeforeAnyProcessExists(Class<?> fixture) throws Exception {
        long spawnsBefore = ChildProcess.spawnAttempts();

        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(fixture));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(fixture.getField("MESSAGE").get(null).toString());
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    private static NamespaceJoin join(Path path) throws Exception {
        long[] identity = NamespaceJoin.identity(path);
        return new NamespaceJoin(NamespaceType.NETWORK, path.toString(), identity[0], identity[1]);
    }

    /** {@code unshare} has executed {@code sleep} once the process is in another network namespace than ours. */
    private static void awaitOwnNamespace(Path namespace) throws Exception {
        Path own = Path.of("/proc/self/ns/net");
        for (int i = 0; i < 500 && Files.readSymbolicLink(namespace).equals(Files.readSymbolicLink(own)); i++) {
            Thread.sleep(10);
        }
        assertThat(Files.readSymbolicLink(namespace)).isNotEqualTo(Files.readSymbolicLink(own));
    }

    /** The inode of the namespace this child is in equals that of the file the property names. */
    static void assertInTheNamespaceOfTheProperty() throws Exception {
        assertThat(Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino"))
                .isEqualTo(Files.getAttribute(Path.of(System.getProperty(PROPERTY)), "unix:ino"));
    }

    static class InScratch {
        @Test
        @JoinNamespace(type = Namespace.NETWORK, pathProperty = PROPERTY)
        void seesTheAddressOnItsLoopback() throws Exception {
            assertInTheNamespaceOfTheProperty();
            assertThat(Collections.list(NetworkInterface.getByName("lo").getInetAddresses()))
                    .contains(InetAddress.getByName(ScratchNetworkNamespace.ADDRESS));
        }
    }

    static class CannotChangeIt {
        @Test
        @JoinNamespace(type = Namespace.NETWORK, pathProperty = PROPERTY)
        void findsLoopbackDownAndCannotBringItUp() throws Exception {
            assertThat(NetworkInterface.getByName("lo").isUp()).as("loopback, which nsunit left alone").isFalse();
            Shell.Result up = Shell.run("ip link set lo up");
            assertThat(up.status()).isNotZero();
            assertThat(up.output()).contains("Operation not permitted");
        }
    }

    static class JoinedAndNew {
        @Test
        @JoinNamespace(type = Namespace.NETWORK, pathProperty = PROPERTY)
        @IsolatedUts(hostname = "joined")
        @IsolatedMount(tmpfs = "/mnt")
        void hasTheJoinedNetworkAndItsOwnHostnameAndMounts() throws Exception {
            assertInTheNamespaceOfTheProperty();
            assertThat(InetAddress.getLocalHost().getHostName()).isEqualTo("joined");
            Files.writeString(Path.of("/mnt/only-here"), "x");
        }
    }

    static class InContainer {
        @Test
        @JoinNamespace(type = Namespace.NETWORK, pathProperty = PROPERTY)
        void seesOnlyTheContainersLoopback() throws Exception {
            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())
                    .isEqualTo(System.getProperty(LINK_PROPERTY));
            // /proc/net/dev: two header lines, then one line per interface; a down loopback without addresses is
            // no interface at all to Java's NetworkInterface.
            assertThat(Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
                    .map(line -> line.substring(0, line.indexOf(':')).strip())).containsExactly("lo");
        }
    }

    static class RelativePath {
        public static final String MESSAGE = "@JoinNamespace(path = \"run/netns/blue\") on method "
                + RelativePath.class.getName() + ".test(): the path must be absolute; name the namespace file, such "
                + "as /run/netns/NAME or /proc/PID/ns/net";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "run/netns/blue")
        void test() {
        }
    }

    static class MissingPath {
        public static final String MESSAGE = "@JoinNamespace(path = \"/run/netns/nsunit-spec-missing\") on method "
                + MissingPath.class.getName() + ".test(): no such file; make the namespace before the tests run (ip "
                + "netns add NAME makes /run/netns/NAME), or name a running process's /proc/PID/ns/net";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/nsunit-spec-missing")
        void test() {
        }
    }

    static class NotANamespace {
        public static final String MESSAGE = "@JoinNamespace(path = \"/etc/hostname\") on method "
                + NotANamespace.class.getName() + ".test(): not a namespace file (ioctl(NS_GET_NSTYPE) failed: ENOTTY "
                + "(Inappropriate ioctl for device)); name one such as /run/netns/NAME or /proc/PID/ns/net";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/etc/hostname")
        void test() {
        }
    }

    static class WrongType {
        public static final String MESSAGE = "@JoinNamespace(path = \"/proc/self/ns/uts\") on method "
                + WrongType.class.getName() + ".test(): it is a UTS namespace, not a network one; name a network "
                + "namespace, or give the type it has";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/proc/self/ns/uts")
        void test() {
        }
    }

    static class OwnNamespace {
        public static final String MESSAGE = "@JoinNamespace(path = \"/proc/self/ns/net\") on method "
                + OwnNamespace.class.getName() + ".test(): it is the test JVM's own network namespace, and a test "
                + "joined to it would be isolated from nothing; name another, or leave the join out";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/proc/self/ns/net")
        void test() {
        }
    }

    static class NoPath {
        public static final String MESSAGE = "@JoinNamespace(type = \"NETWORK\") on method " + NoPath.class.getName()
                + ".test(): name the namespace: give its path, or pathProperty naming a system property that holds "
                + "its path";

        @Test
        @JoinNamespace(type = Namespace.NETWORK)
        void test() {
        }
    }

    static class PathAndProperty {
        public static final String MESSAGE = "@JoinNamespace(type = \"NETWORK\") on method "
                + PathAndProperty.class.getName() + ".test(): give path or pathProperty, not both";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/blue", pathProperty = PROPERTY)
        void test() {
        }
    }

    static class MountType {
        public static final String MESSAGE = "@JoinNamespace(type = \"MOUNT\") on method " + MountType.class.getName()
                + ".test(): nsunit joins only network and UTS namespaces; another mount namespace would not show the "
                + "child JVM the test JVM's JDK and class path; bind what the test needs with @IsolatedMount(bind = "
                + "...) instead";

        @Test
        @JoinNamespace(type = Namespace.MOUNT, path = "/proc/1/ns/mnt")
        void test() {
        }
    }

    static class JoinedAndCreated {
        public static final String MESSAGE = "@JoinNamespace(path = \"/proc/self/ns/uts\") on method "
                + JoinedAndCreated.class.getName() + ".test(): the test joins this UTS namespace and also asks for a "
                + "new one (@IsolatedUts or @Namespaces); a process is in one UTS namespace, so keep one of them";

        @Test
        @JoinNamespace(type = Namespace.UTS, path = "/proc/self/ns/uts")
        @IsolatedUts
        void test() {
        }
    }

    static class TwoNetworks {
        public static final String MESSAGE = "Conflicting annotations on method " + TwoNetworks.class.getName()
                + ".test(): @JoinNamespace(path = \"/run/netns/blue\") on method " + TwoNetworks.class.getName()
                + ".test() and @JoinNamespace(path = \"/run/netns/red\") on method " + TwoNetworks.class.getName()
                + ".test() join two network namespaces; a process is in one, so name one";

        @Test
        @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/blue")
        @JoinNamespace(type = Namespace.NETWORK, path = "/run/netns/red")
        void test() {
        }
    }
}
