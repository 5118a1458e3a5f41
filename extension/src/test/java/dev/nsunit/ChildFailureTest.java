package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.HostUnchanged;

/** A child that ends without a result, or runs too long, fails its test with the reason; nothing survives it. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class ChildFailureTest {

    @Test
    void childExitingWithoutAResultFailsTheTestNamingTheExitCodeAndStderr() {
        Throwable thrown = failureOf(Fixtures.run(ExitsThree.class));

        assertThat(thrown).hasMessageContaining("ended with exit code 3 before reporting a result")
                .hasMessageContaining("last words before exit");
    }

    @Test
    void childJvmThatCannotStartFailsTheTestWithTheJvmsOwnWords() {
        Throwable thrown = failureOf(Fixtures.run(ExitsThree.class,
                Map.of("nsunit.child.jvmArgs", "-XX:+NoSuchOptionAnywhere")));

        assertThat(thrown).hasMessageContaining("ended with exit code 1 before reporting a result")
                .hasMessageContaining("Unrecognized VM option 'NoSuchOptionAnywhere'");
    }

    @Test
    void childKilledBySignalFailsTheTestNamingTheSignal() {
        Throwable thrown = failureOf(Fixtures.run(KillsItself.class));

        assertThat(thrown).hasMessageContaining("ended with signal 9 (SIGKILL)");
    }

    @Test
    void aCrashingChildFailsTheTestWithTheSignalTheFrameAndTheFileOfTheFullReport() throws Exception {
        Path buildOutput = Path.of(System.getProperty("user.dir"), "target").toAbsolutePath();

        Java.Captured run = Java.capture(Java.command(List.of(), FixtureRunner.class, CrashesJvm.class.getName()));

        String result = run.output().lines().filter(line -> line.startsWith("RESULT ")).findFirst().orElseThrow();
        assertThat(result).startsWith("RESULT FAILED crashes() | java.lang.IllegalStateException: The child JVM (pid ")
                .contains(") crashed before reporting a result for the test (it ended with exit code 1):")
                .contains("SIGSEGV (0xb) at pc=").contains("JRE version: ")
                .contains("Problematic frame:").contains("Unsafe_PutLong")
                .contains("The JVM's full crash report is in " + buildOutput + "/hs_err_pid");
        Path report = Path.of(result.substring(result.indexOf(" is in ") + " is in ".length()).strip());
        try {
            assertThat(report).isRegularFile();
            assertThat(Files.readString(report)).as("the full report").contains("S U M M A R Y")
                    .contains("Command Line:");
        }
        finally {
            Files.deleteIfExists(report);
        }
        assertThat(run.output().lines().count() + run.errors().lines().count())
                .as("lines on the console, the JVM's short crash banner among them:%n%s%s", run.output(), run.errors())
                .isLessThan(50);
        assertThat(Path.of(System.getProperty("user.dir"))).isDirectoryNotContaining("glob:**/hs_err_pid*")
                .isDirectoryNotContaining("glob:**/core*");
    }

    @Test
    void outOfMemoryInTheChildFailsTheTest() {
        Throwable thrown = failureOf(Fixtures.run(RunsOutOfMemory.class, Map.of("nsunit.child.jvmArgs", "-Xmx24m")));

        assertThat(thrown.toString()).contains("OutOfMemoryError");
    }

    @Test
    void childRunningPastTheTimeoutIsKilledWithEverythingItStarted() throws Exception {
        try (EventLog log = EventLog.create()) {
            long start = System.nanoTime();
            // Long enough for a child to start its processes even on a loaded machine.
            Throwable thrown = failureOf(Fixtures.run(Hangs.class, Map.of("nsunit.timeout", "8 s")));
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(thrown).hasMessageContaining("ran longer than nsunit.timeout = 8 s")
                    .hasMessageContaining("every process it started were killed");
            assertThat(elapsedMillis).isLessThan(20_000);
            for (String line : log.lines()) {
                long pid = Long.parseLong(line.split(" ")[1]);
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process " + line).isEmpty();
            }
            assertThat(log.lines()).hasSize(2);
        }
    }

    @Test
    void descendantsLeftRunningByAPassingTestDieWithItsChild() throws Exception {
        try (EventLog log = EventLog.create()) {
            Fixtures.run(LeavesBackgroundProcess.class).testEvents().assertStatistics(stats -> stats.succeeded(1));

            long pid = Long.parseLong(log.lines().get(0).split(" ")[1]);
            assertThat(ProcessHandle.of(pid)).as("background process " + pid).isEmpty();
        }
    }

    @Test
    void theParentKeepsNoDescriptorOfAFinishedChild() throws Exception {
        // The first runs in a JVM open what stays open for its life (a jar the JVM reads a class from first), so
        // count from the second: a descriptor kept per child would show there as it would in the first.
        runPassingAndExitingChildren();
        List<String> before = openDescriptors();

        runPassingAndExitingChildren();

        // A child's output pumps close their ends of its pipes on threads of their own, once they have read the last
        // of its output: a moment after the run may return. A descriptor kept per child stays open past that.
        List<String> after = openDescriptors();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (after.size() > before.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = openDescriptors();
        }
        assertThat(after.size()).as("open descriptors before: %s, after: %s", before, after)
                .isLessThanOrEqualTo(before.size());
    }

    private static void runPassingAndExitingChildren() {
        Fixtures.run(ThreeQuickTests.class).testEvents().assertStatistics(stats -> stats.succeeded(3));
        Fixtures.run(ExitsThree.class);
    }

    /**
     * What each open descriptor of this JVM refers to. One that another thread closes while the list is read (the
     * JVM and JUnit open and close files of their own meanwhile) is not one the parent keeps, and is not counted.
     */
    private static List<String> openDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return fd.getFileName() + " " + Files.readSymbolicLink(fd);
                }
                catch (IOException closedMeanwhile) {
                    return null;
                }
            }).filter(Objects::nonNull).sorted().toList();
        }
    }

    static Throwable failureOf(EngineExecutionResults results) {
        results.testEvents().assertStatistics(stats -> stats.failed(1));
        return results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @IsolatedUts
    static class ThreeQuickTests {
        @Test
        void one() {
        }

        @Test
        void two() {
        }

        @Test
        void three() {
        }
    }

    static class ExitsThree {
        @Test
        @IsolatedUts
        void exits() {
            System.err.println("last words before exit");
            System.exit(3);
        }
    }

    static class KillsItself {
        @Test
        @IsolatedUts
        void killsOwnJvm() throws Exception {
            new ProcessBuilder("sh", "-c", "kill -9 " + ProcessHandle.current().pid()).start().waitFor();
            Thread.sleep(10_000);
        }
    }

    static class CrashesJvm {
        @Test
        @IsolatedUts
        void crashes() throws Exception {
            var field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            ((sun.misc.Unsafe) field.get(null)).putAddress(0, 0);
        }
    }

    static class RunsOutOfMemory {
        @Test
        @IsolatedUts
        void allocates() {
            var hog = new java.util.ArrayList<long[]>();
            while (true) {
                hog.add(new long[1_000_000]);
            }
        }
    }

    static class Hangs {
        @Test
        @IsolatedUts
        void startsProcessesAndHangs() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            EventLog.record(Long.toString(sleeper.pid()));
            // A grandchild whose parent exits at once: it re-parents to the child JVM, not to init.
            Process orphanMaker = new ProcessBuilder("sh", "-c", "sleep 600 & echo $!").start();
            String orphan = new String(orphanMaker.getInputStream().readAllBytes()).strip();
            orphanMaker.waitFor();
            EventLog.record(orphan);
            Thread.sleep(600_000);
        }
    }

    static class LeavesBackgroundProcess {
        @Test
        @IsolatedUts
        void startsAndForgets() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            EventLog.record(Long.toString(sleeper.pid()));
            Files.size(Path.of("/proc", Long.toString(sleeper.pid()), "stat"));
        }
    }
}
