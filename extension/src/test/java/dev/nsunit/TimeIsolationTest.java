package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/**
 * A time namespace moves CLOCK_MONOTONIC and CLOCK_BOOTTIME for the test by the offsets asked for, written before
 * the child exists, whether the child is hardened (util-linux's unshare inside a user namespace) or privileged; the
 * wall clock and the test JVM's clocks stay as they are.
 */
@NeedsNamespaces(also = NamespaceType.TIME)
@ExtendWith(HostUnchanged.class)
class TimeIsolationTest {

    private static final String PARENT_TIME_NAMESPACE = "nsunit.spec.parentTimeNamespace";
    private static final String HOST_UPTIME = "nsunit.spec.hostUptimeSeconds";
    private static final String HOST_NANO_TIME = "nsunit.spec.hostNanoTime";
    private static final String HOST_WALL_CLOCK = "nsunit.spec.hostWallClock";
    private static final Path OFFSETS = Path.of("/proc/self/timens_offsets");
    /** How long a child may take, at most, from the host's reading to its own. */
    private static final Duration SLACK = Duration.ofMinutes(10);

    private double hostUptime;

    @BeforeEach
    void tellFixturesTheHostsClocks() throws Exception {
        System.setProperty(PARENT_TIME_NAMESPACE, HostState.now().namespaces().get("time"));
        hostUptime = uptimeSeconds();
        System.setProperty(HOST_UPTIME, String.valueOf(hostUptime));
        System.setProperty(HOST_NANO_TIME, String.valueOf(System.nanoTime()));
        System.setProperty(HOST_WALL_CLOCK, String.valueOf(System.currentTimeMillis()));
    }

    @AfterEach
    void hostClocksDidNotMove() throws Exception {
        for (String property : List.of(PARENT_TIME_NAMESPACE, HOST_UPTIME, HOST_NANO_TIME, HOST_WALL_CLOCK)) {
            System.clearProperty(property);
        }
        assertThat(Files.readAllLines(OFFSETS)).as("the test JVM's time namespace")
                .containsExactly("monotonic           0         0", "boottime            0         0");
        assertThat(uptimeSeconds()).isBetween(hostUptime, hostUptime + SLACK.toSeconds());
    }

    @Test
    void aHardenedChildSeesBothClocksMovedAndTheWallClockNot() {
        Fixtures.assertEachPassed(Fixtures.run(HundredAndFourHundredDays.class), 1);
    }

    @Test
    void aPrivilegedChildGetsItsOffsetsTooAndMayGoBack() {
        Fixtures.assertEachPassed(Fixtures.run(PrivilegedBackAMinute.class), 1);
    }

    @Test
    void namespacesTimeGivesANewNamespaceWithTheMachinesClocks() {
        Fixtures.assertEachPassed(Fixtures.run(NoOffsets.class), 1);
    }

    @Test
    void theMethodsOffsetWinsForItsClockAndTheClassKeepsTheOther() {
        Fixtures.assertEachPassed(Fixtures.run(MergedOffsets.class), 1);
    }

    @Test
    void theJvmRunsNormallyWithCLOCK_MONOTONICNear142Years() {
        Fixtures.assertEachPassed(Fixtures.run(FarFromZero.class), 1);
    }

    private static double uptimeSeconds() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    /** Asserted in the child: a new time namespace with these offsets, and clocks moved by them. */
    static void clocksAreMovedBy(Duration monotonic, Duration boottime) throws Exception {
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString())
                .isNotEqualTo(System.getProperty(PARENT_TIME_NAMESPACE));
        assertThat(Files.readAllLines(OFFSETS)).extracting(line -> List.of(line.strip().split("\\s+")))
                .containsExactly(List.of("monotonic", String.valueOf(monotonic.toSeconds()), "0"),
                        List.of("boottime", String.valueOf(boottime.toSeconds()), "0"));
        double hostUptime = Double.parseDouble(System.getProperty(HOST_UPTIME));
        assertThat(uptimeSeconds()).as("/proc/uptime")
                .isBetween(hostUptime + boottime.toSeconds(), hostUptime + boottime.toSeconds() + SLACK.toSeconds());
        long hostNanoTime = Long.parseLong(System.getProperty(HOST_NANO_TIME));
        assertThat(System.nanoTime()).as("System.nanoTime()").isBetween(hostNanoTime + monotonic.toNanos(),
                hostNanoTime + monotonic.toNanos() + SLACK.toNanos());
        long hostWallClock = Long.parseLong(System.getProperty(HOST_WALL_CLOCK));
        assertThat(System.currentTimeMillis()).as("the wall clock")
                .isBetween(hostWallClock, hostWallClock + SLACK.toMillis());
    }

    static class HundredAndFourHundredDays {
        @Test
        @IsolatedTime(monotonic = "100 d", boottime = "400 d")
        void test() throws Exception {
            clocksAreMovedBy(Duration.ofDays(100), Duration.ofDays(400));
        }
    }

    static class PrivilegedBackAMinute {
        @Test
        @Privileged
        @IsolatedTime(monotonic = "-1m", boottime = "2 h")
        void test() throws Exception {
            clocksAreMovedBy(Duration.ofMinutes(-1), Duration.ofHours(2));
        }
    }

    static class NoOffsets {
        @Test
        @Namespaces(Namespace.TIME)
        void test() throws Exception {
            clocksAreMovedBy(Duration.ZERO, Duration.ZERO);
        }
    }

    @IsolatedTime(monotonic = "1 d", boottime = "1 d")
    static class MergedOffsets {
        @Test
        @IsolatedTime(monotonic = "2 d")
        void test() throws Exception {
            clocksAreMovedBy(Duration.ofDays(2), Duration.ofDays(1));
        }
    }

    static class FarFromZero {
        @Test
        @IsolatedTime(monotonic = "52000 d")
        void sleepsWaitsAndSchedulesAsUsual() throws Exception {
            clocksAreMovedBy(Duration.ofDays(52000), Duration.ZERO);
            long start = System.nanoTime();
            Thread.sleep(20);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            try {
                assertThat(scheduler.schedule(() -> "ran", 20, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS))
                        .isEqualTo("ran");
            }
            finally {
                scheduler.shutdownNow();
            }
            assertThat(new CompletableFuture<String>().completeOnTimeout("timed out", 20, TimeUnit.MILLISECONDS)
                    .get(10, TimeUnit.SECONDS)).isEqualTo("timed out");
            assertThat(System.nanoTime() - start).isBetween(Duration.ofMillis(60).toNanos(),
                    Duration.ofSeconds(10).toNanos());
        }
    }
}
