package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.nsunit.internal.child.ChildMain;
import dev.nsunit.internal.child.PhaseLog;
import dev.nsunit.internal.launch.WarmChildren;
import dev.nsunit.support.ChildJvms;
import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.ReadableClassPath;

/**
 * Children are started ahead of their tests (up to {@code nsunit.child.warm} waiting at once), so that a JVM's start
 * overlaps the test before it. Each still runs exactly one test, in namespaces of its test's types, and none
 * outlives the run.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class WarmChildrenTest {

    @Test
    void everyTestRunsInAChildOfItsOwnWhileOthersWait() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(FiveTests.class, Map.of("nsunit.child.warm", "2")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(5));

            List<String> children = log.lines().stream().filter(line -> line.contains("test")).toList();
            assertThat(children).hasSize(5).extracting(line -> line.split(" ")[0]).doesNotHaveDuplicates();
            List<String> waiting = log.lines().stream().filter(line -> line.contains("waiting")).toList();
            assertThat(waiting).extracting(line -> line.split(" ").length - 2).as("children waiting while each test "
                    + "runs: none beside the first, whose child was started for it; then one for each of the next two "
                    + "tests, and none beyond the last").containsExactly(0, 2, 2, 1, 0);
        }
    }

    @Test
    void childrenStartedAheadWarmUpOnlyWhereAProcessorIsLeftForIt(@TempDir Path directory) throws Exception {
        Path phases = directory.resolve("phases.log");
        try (EventLog log = EventLog.create()) {
            Fixtures.run(FiveTests.class, Map.of("nsunit.child.warm", "2", "nsunit.child.jvmArgs",
                    "-D" + PhaseLog.PROPERTY + "=" + phases)).testEvents()
                    .assertStatistics(stats -> stats.succeeded(5));
        }

        boolean warmsUp = Runtime.getRuntime().availableProcessors() > 2;
        assertThat(Files.readAllLines(phases)).as("phases of the five children, of which the last four were "
                + "started ahead, on " + Runtime.getRuntime().availableProcessors() + " processors")
                .filteredOn(line -> line.contains("warm-up=")).hasSize(warmsUp ? 4 : 0);
        assertThat(WarmChildren.warmsUp(2)).isFalse();
        assertThat(WarmChildren.warmsUp(3)).isTrue();
    }

    @Test
    void theNextTestsChildIsBornWhileTheCurrentTestRuns() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(SlowThenQuick.class, Map.of("nsunit.child.warm", "1")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(3));

            long slowEnded = valueOf(log.lines(), "slow-ended");
            long quickBorn = valueOf(log.lines(), "quick-born");
            assertThat(quickBorn).as("the second child's JVM start, ms before the first test ended")
                    .isLessThan(slowEnded - 1_000);
        }
    }

    /** Jupiter names a test as it discovers it: in a child started ahead, before the test is handed to it. */
    @Test
    void aChildStartedAheadDiscoversItsTestWhileTheTestBeforeRuns() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(SlowThenQuick.class, Map.of("nsunit.child.warm", "1")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(3));

            List<String> lines = log.lines();
            String quickChild = lines.stream().filter(line -> line.split(" ")[1].equals("quick-born")).findFirst()
                    .orElseThrow().split(" ")[0];
            long quickNamed = lines.stream().filter(line -> line.startsWith(quickChild + " named-quick "))
                    .map(line -> Long.parseLong(line.split(" ")[2])).findFirst().orElseThrow();
            assertThat(quickNamed).as("when the quick test's child discovered it, ms before the slow test ended")
                    .isLessThan(valueOf(lines, "slow-ended") - 1_000);
        }
    }

    @Test
    void withNoneWaitingEachChildIsBornWhenItsTestNeedsIt() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(SlowThenQuick.class, Map.of("nsunit.child.warm", "0")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(3));

            assertThat(valueOf(log.lines(), "quick-born")).isGreaterThanOrEqualTo(valueOf(log.lines(), "slow-ended"));
        }
    }

    /** Here children start without an archive (nsunit's classes are a directory), so a heavy one takes over 2 s. */
    @Test
    void afterAHeavyChildTheRunsNextChildrenStartWithTheJvmsDefaults() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(LightHeavyLight.class, Map.of("nsunit.child.warm", "0")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(3));

            assertThat(log.lines()).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly(
                    "light [-XX:CompileThresholdScaling=3, -XX:InitialHeapSize=4m]",
                    "heavy [-XX:CompileThresholdScaling=3, -XX:InitialHeapSize=4m]",
                    "light []");
        }
    }

    /**
     * What a child costs before its test is handed to it (here a Java agent that spins for 2.2 s as each child
     * starts, as a busy machine would make every start dearer) says nothing of its test: only its run counts.
     */
    @Test
    void aChildThatIsDearToStartLeavesTheRunLeanWhereItsTestIsTrivial(@TempDir Path dir) throws Exception {
        Path agent = ReadableClassPath.agentJarOf(SpinAtStart.class, dir.resolve("spin-at-start.jar"));
        try (EventLog log = EventLog.create()) {
            Fixtures.run(ThreeLight.class, Map.of("nsunit.child.warm", "0", "nsunit.child.jvmArgs",
                    "-javaagent:" + agent)).testEvents().assertStatistics(stats -> stats.succeeded(3));

            assertThat(log.lines()).extracting(line -> line.substring(line.indexOf(' ') + 1)).containsExactly(
                    "light [-XX:CompileThresholdScaling=3, -XX:InitialHeapSize=4m]",
                    "light [-XX:CompileThresholdScaling=3, -XX:InitialHeapSize=4m]",
                    "light [-XX:CompileThresholdScaling=3, -XX:InitialHeapSize=4m]");
        }
    }

    @Test
    void waitingChildrenEndWithTheRun() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(FiveTests.class, Map.of("nsunit.child.warm", "2")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(5));

            List<Long> waited = log.lines().stream().filter(line -> line.contains("waiting"))
                    .flatMap(line -> List.of(line.split(" ")).stream().skip(2)).map(Long::parseLong).toList();
            assertThat(waited).isNotEmpty();
            assertThat(waited).as("children that waited, after the run").allSatisfy(
                    pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
            assertThat(ProcessHandle.current().children().filter(ChildJvms::isChild))
                    .as("children of this JVM after the run").isEmpty();
        }
    }

    /**
     * Surefire runs each test class as a run of its own, all in one launcher session: a run's children, and one for
     * the next run, are the session's.
     */
    @Test
    void inALauncherSessionTheNextRunsChildIsBornWhileTheRunBeforeRuns() throws Exception {
        List<String> lines;
        try (EventLog log = EventLog.create(); LauncherSession session = LauncherFactory.openSession()) {
            for (int run = 1; run <= 4; run++) {
                SummaryGeneratingListener summary = new SummaryGeneratingListener();
                session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectClass(OneClassOfASession.class))
                        .configurationParameter("nsunit.child.warm", "1").build(), summary);
                assertThat(summary.getSummary().getTestsSucceededCount()).as("run " + run).isEqualTo(1);
            }
            lines = log.lines();
        }

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split(" ")).as("the session's first run: it might be its only one, so no child is "
                + "started for a next").hasSize(2);
        String[] third = lines.get(2).split(" ");
        assertThat(third).as("children waiting while the third run's class ran: one, for the next run").hasSize(3);
        assertThat(lines.get(3).split(" ")[0]).as("the child of the fourth run").isEqualTo(third[2]);
    }

    @Test
    void closingTheLauncherSessionEndsTheChildWaitingForANextRun() throws Exception {
        List<Long> waited;
        try (EventLog log = EventLog.create()) {
            try (LauncherSession session = LauncherFactory.openSession()) {
                for (int run = 1; run <= 3; run++) {
                    session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
                            .selectors(DiscoverySelectors.selectClass(OneClassOfASession.class))
                            .configurationParameter("nsunit.child.warm", "1").build());
                }
            }
            waited = log.lines().stream().flatMap(line -> List.of(line.split(" ")).stream().skip(2))
                    .map(Long::parseLong).toList();
        }

        assertThat(waited).as("children that waited for a next run").isNotEmpty();
        assertThat(waited).as("children that waited, after the session").allSatisfy(
                pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
        assertThat(ProcessHandle.current().children().filter(ChildJvms::isChild))
                .as("children of this JVM after the session").isEmpty();
    }

    @Test
    void childrenStartedAheadAreOfTheKindTheNextTestNeeds() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(UtsThenNetwork.class, Map.of("nsunit.child.warm", "2")).testEvents()
                    .assertStatistics(stats -> stats.succeeded(3));

            List<String> lines = log.lines();
            String waitingDuringUts = lines.stream().filter(line -> line.contains("waiting")).findFirst()
                    .orElseThrow();
            String network = lines.stream().filter(line -> line.contains("network-test")).findFirst().orElseThrow();
            assertThat(List.of(waitingDuringUts.split(" "))).as("the child waiting while the UTS test ran: the "
                    + "network test's, which sees only its own loopback").hasSize(3).element(2)
                    .isEqualTo(network.split(" ")[0]);
        }
    }

    @Test
    void aClassSharingOneChildHasNoChildrenStartedBesideIt() throws Exception {
        Set<Long> seen = ChildJvms.seenDuring(() -> Fixtures.run(PerClass.class, Map.of("nsunit.child.warm", "2"))
                .testEvents().assertStatistics(stats -> stats.succeeded(3)));

        assertThat(seen).as("child JVMs seen during the run: the class's, and none started for later tests")
                .hasSize(1);
    }

    @Test
    void aTestRepeatedOnceHasNoChildStartedForASecondRepetition() throws Exception {
        Set<Long> seen = ChildJvms.seenDuring(() -> Fixtures.run(RepeatedOnce.class,
                Map.of("nsunit.child.warm", "2")).testEvents().assertStatistics(stats -> stats.succeeded(1)));

        assertThat(seen).as("child JVMs seen during the run: the repetition's, and none started for another")
                .hasSize(1);
    }

    @Test
    void oneSelectedInvocationOfARepeatedTestHasNoChildrenStartedForTheOthers() throws Exception {
        String invocation = "[engine:nsunit]/[class:" + RepeatedThrice.class.getName()
                + "]/[test-template:test()]/[test-template-invocation:#2]";

        Set<Long> seen = ChildJvms.seenDuring(() -> EngineTestKit.engine("nsunit")
                .selectors(DiscoverySelectors.selectUniqueId(invocation))
                .configurationParameter("nsunit.child.warm", "2").execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1)));

        assertThat(seen).as("child JVMs seen during the run: the selected invocation's, and none for the others")
                .hasSize(1);
    }

    /** Records {@code <pid> waiting <pid> <pid>}: the children of this child's parent waiting beside it. */
    static void recordWaitingSiblings() {
        ProcessHandle self = ProcessHandle.current();
        List<String> siblings = self.parent().orElseThrow().children()
                .filter(process -> process.pid() != self.pid() && ChildJvms.isChild(process))
                .map(process -> Long.toString(process.pid())).toList();
        EventLog.record("waiting " + String.join(" ", siblings));
    }

    private static long valueOf(List<String> lines, String event) {
        Optional<String> line = lines.stream().filter(each -> each.split(" ")[1].equals(event)).findFirst();
        return Long.parseLong(line.orElseThrow(() -> new AssertionError("no " + event + " in " + lines))
                .split(" ")[2]);
    }

    @IsolatedUts
    static class FiveTests {
        @RepeatedTest(5)
        void test() throws Exception {
            EventLog.record("test");
            // Children for the next tests are started when this test takes its child; give them a moment.
            Thread.sleep(300);
            recordWaitingSiblings();
        }
    }

    @IsolatedUts
    static class RepeatedOnce {
        @RepeatedTest(1)
        void test() {
        }
    }

    @IsolatedUts
    static class RepeatedThrice {
        @RepeatedTest(3)
        void test() {
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class OneClassOfASession {
        @Test
        void test() throws Exception {
            // The child for the next run is started once this one is ready; give it a moment.
            Thread.sleep(300);
            recordWaitingSiblings();
        }
    }

    /**
     * The first test's child is started for it, and children for later tests only once its run is over; from the
     * second test on, the next test's child is started while the current test runs, and discovers its test then
     * ({@link NamesNoted} records when).
     */
    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @DisplayNameGeneration(NamesNoted.class)
    static class SlowThenQuick {
        @Test
        @Order(0)
        void first() {
        }

        @Test
        @Order(1)
        void slow() throws Exception {
            Thread.sleep(3_000);
            EventLog.record("slow-ended " + System.currentTimeMillis());
        }

        @Test
        @Order(2)
        void quick() {
            EventLog.record("quick-born " + ManagementFactory.getRuntimeMXBean().getStartTime());
        }
    }

    /** Names as Jupiter does, and records in a child when it named a method. */
    static final class NamesNoted extends DisplayNameGenerator.Standard {
        @Override
        public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass,
                Method testMethod) {
            if (System.getProperty(ChildMain.CHILD_PROPERTY) != null) {
                EventLog.record("named-" + testMethod.getName() + " " + System.currentTimeMillis());
            }
            return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod);
        }
    }

    @IsolatedUts
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LightHeavyLight {
        @Test
        @Order(0)
        void light() {
            recordLeanFlags("light");
        }

        @Test
        @Order(1)
        void heavy() {
            recordLeanFlags("heavy");
            long until = System.nanoTime() + 2_500_000_000L;
            long spins = 0;
            while (System.nanoTime() < until) {
                spins++;
            }
            assertThat(spins).isPositive();
        }

        @Test
        @Order(2)
        void lightAgain() {
            recordLeanFlags("light");
        }

    }

    private static void recordLeanFlags(String test) {
        EventLog.record(test + " " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-XX:CompileThresholdScaling") || arg.startsWith("-XX:InitialHeap"))
                .sorted().toList());
    }

    @IsolatedUts
    static class ThreeLight {
        @RepeatedTest(3)
        void light() {
            recordLeanFlags("light");
        }
    }

    /** A Java agent that takes 2.2 s of CPU as its JVM starts, more than a child without an archive is let take. */
    public static final class SpinAtStart {

        private SpinAtStart() {
        }

        public static void premain(String arguments) {
            long until = System.nanoTime() + 2_200_000_000L;
            long spins = 0;
            while (System.nanoTime() < until) {
                spins++;
            }
            if (spins < 0) {
                throw new IllegalStateException("never");
            }
        }
    }

    @IsolatedPerClass
    @IsolatedUts
    static class PerClass {
        @RepeatedTest(3)
        void test() throws Exception {
            Thread.sleep(100);
        }
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class UtsThenNetwork {
        @Test
        @Order(0)
        @IsolatedUts
        void first() {
        }

        @Test
        @Order(1)
        @IsolatedUts
        void uts() throws Exception {
            Thread.sleep(300);
            recordWaitingSiblings();
        }

        @Test
        @Order(2)
        @IsolatedNetwork
        void network() throws Exception {
            EventLog.record("network-test");
            List<String> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .map(NetworkInterface::getName).toList();
            assertEquals(List.of("lo"), interfaces);
        }
    }
}
