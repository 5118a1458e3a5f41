package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nsunit.internal.launch.ChildProcess;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.setup.EnvironmentProbe;
import dev.nsunit.internal.setup.EnvironmentProbe.Refusal;
import dev.nsunit.internal.setup.Hardening;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.Shell;

/**
 * {@code @NetworkConditions} puts netem on the child's own loopback: a round trip takes the delay twice; where the
 * kernel has no netem the test is aborted saying so; bad values fail before any process exists. The host's
 * loopback keeps its queueing discipline.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class NetworkConditionsTest {

    static final int DELAY_MILLIS = 100;

    @Test
    void aRoundTripOverLoopbackTakesTheDelayTwice() throws Exception {
        Optional<Refusal> refusal = EnvironmentProbe.netemRefusal(Hardening.needed());
        assumeTrue(refusal.isEmpty(), () -> "netem cannot be had here, so its delay cannot be measured: "
                + refusal.get().failure());
        String hostLoopback = Shell.run("tc qdisc show dev lo").output();

        Fixtures.assertEachPassed(Fixtures.run(Delayed.class), 1);

        assertThat(Shell.run("tc qdisc show dev lo").output()).as("the host's loopback").isEqualTo(hostLoopback);
    }

    @Test
    void whereTheKernelHasNoNetemTheTestIsAbortedWithTheReasonAndTheFix() {
        Optional<Refusal> refusal = EnvironmentProbe.netemRefusal(Hardening.needed());
        assumeTrue(refusal.isPresent() && refusal.get().failure().contains("sch_netem"),
                "this kernel has netem, so its absence cannot be shown here");
        // The trial child that finds out whether hardened children work here counts as a spawn: let it be done.
        EnvironmentProbe.unavailable(EnumSet.of(NamespaceType.NETWORK));
        if (Hardening.needed()) {
            EnvironmentProbe.hardeningRefusal(EnumSet.of(NamespaceType.USER, NamespaceType.MOUNT, NamespaceType.NETWORK));
        }
        long spawnsBefore = ChildProcess.spawnAttempts();

        Fixtures.run(Delayed.class).testEvents().assertThatEvents().haveExactly(1, event(test(),
                abortedWithReason(message("nsunit cannot give this test @NetworkConditions here: the kernel has no "
                        + "netem queueing discipline (sch_netem): tc qdisc add dev lo root netem delay 1ms, in a new "
                        + "network namespace, said \"Error: Specified qdisc kind is unknown.\". Load it with modprobe "
                        + "sch_netem (on Ubuntu it is in the package linux-modules-extra-$(uname -r)), or run the "
                        + "tests on a kernel built with CONFIG_NET_SCH_NETEM."))));
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    @Test
    void tcIsToldEachConditionInItsOwnUnits() {
        assertThat(new Netem(200, 50, 2.5, 1000).tcArguments()).containsExactly("qdisc", "add", "dev", "lo", "root",
                "netem", "delay", "200ms", "50ms", "loss", "2.5%", "rate", "1000kbit");
        assertThat(new Netem(0, 0, 100, 0).tcArguments()).containsExactly("qdisc", "add", "dev", "lo", "root",
                "netem", "loss", "100%");
    }

    @ParameterizedTest
    @ValueSource(classes = {NegativeDelay.class, JitterBeyondDelay.class, LossAbove100.class, NothingSet.class,
            NegativeRate.class, WithAJoinedNetwork.class, AsAnotherUser.class})
    void badValuesFailBeforeAnyProcessExists(Class<?> fixture) throws Exception {
        long spawnsBefore = ChildProcess.spawnAttempts();

        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(fixture));

        assertThat(thrown).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(fixture.getField("MESSAGE").get(null).toString());
        assertThat(ChildProcess.spawnAttempts()).isEqualTo(spawnsBefore);
    }

    static class Delayed {
        @Test
        @NetworkConditions(delayMillis = DELAY_MILLIS)
        void waitsForEachPacket() throws Exception {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (DatagramSocket server = new DatagramSocket(0, loopback);
                    DatagramSocket client = new DatagramSocket(0, loopback)) {
                byte[] ping = {42};
                long start = System.nanoTime();
                client.send(new DatagramPacket(ping, 1, loopback, server.getLocalPort()));
                DatagramPacket received = new DatagramPacket(new byte[1], 1);
                server.receive(received);
                server.send(new DatagramPacket(ping, 1, received.getSocketAddress()));
                client.receive(new DatagramPacket(new byte[1], 1));
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertThat(millis).as("the round trip, in ms: the ping and the pong each leave loopback once")
                        .isGreaterThanOrEqualTo(2L * DELAY_MILLIS);
            }
        }
    }

    static class NegativeDelay {
        public static final String MESSAGE = "@NetworkConditions(delayMillis = \"-1\") on method "
                + NegativeDelay.class.getName() + ".test(): negative; use 0 or more milliseconds";

        @Test
        @NetworkConditions(delayMillis = -1)
        void test() {
        }
    }

    static class JitterBeyondDelay {
        public static final String MESSAGE = "@NetworkConditions(jitterMillis = \"50\") on method "
                + JitterBeyondDelay.class.getName() + ".test(): more than the delay (20 ms), so a packet would have "
                + "to leave before it was sent; make it at most delayMillis";

        @Test
        @NetworkConditions(delayMillis = 20, jitterMillis = 50)
        void test() {
        }
    }

    static class LossAbove100 {
        public static final String MESSAGE = "@NetworkConditions(lossPercent = \"101.0\") on method "
                + LossAbove100.class.getName() + ".test(): not a percentage; use 0 to 100";

        @Test
        @NetworkConditions(lossPercent = 101)
        void test() {
        }
    }

    static class NegativeRate {
        public static final String MESSAGE = "@NetworkConditions(rateKbit = \"-8\") on method "
                + NegativeRate.class.getName() + ".test(): negative; use 0 or more kilobits per second (0 for no "
                + "limit)";

        @Test
        @NetworkConditions(rateKbit = -8)
        void test() {
        }
    }

    static class NothingSet {
        public static final String MESSAGE = "@NetworkConditions on method " + NothingSet.class.getName()
                + ".test(): no condition is set; set delayMillis, lossPercent or rateKbit (for a plain network "
                + "namespace, use @IsolatedNetwork)";

        @Test
        @NetworkConditions
        void test() {
        }
    }

    static class WithAJoinedNetwork {
        public static final String MESSAGE = "@JoinNamespace(path = \"/proc/self/ns/net\") on method "
                + WithAJoinedNetwork.class.getName() + ".test(): the test joins this network namespace and also asks "
                + "for a new one (@IsolatedNetwork, @NetworkConditions or @Namespaces); a process is in one network "
                + "namespace, so keep one of them";

        @Test
        @NetworkConditions(delayMillis = 10)
        @JoinNamespace(type = Namespace.NETWORK, path = "/proc/self/ns/net")
        void test() {
        }
    }

    static class AsAnotherUser {
        public static final String MESSAGE = "@NetworkConditions on method " + AsAnotherUser.class.getName()
                + ".test(): the child sets the conditions up as root of its user namespace, and @IsolatedUser(uid = "
                + "1000) leaves it no capabilities there; map uid 0, or leave out @NetworkConditions";

        @Test
        @NetworkConditions(delayMillis = 10)
        @IsolatedUser(uid = 1000, gid = 1000)
        void test() {
        }
    }

}
