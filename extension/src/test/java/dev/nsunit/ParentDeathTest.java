package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.WaitStatus;
import dev.nsunit.support.EventLog;
import dev.nsunit.support.FixtureRunner;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.Java;
import dev.nsunit.support.NeedsNamespaces;

/**
 * A parent JVM killed with SIGKILL takes its children and their descendants with it. This JVM stands in for the
 * init process above the killed parent: it becomes a subreaper for the duration, so the orphaned child JVM
 * re-parents to it and its death can be observed (and reaped) here.
 */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class ParentDeathTest {

    @BeforeEach
    void adoptOrphans() throws Exception {
        Linux.get().setChildSubreaper(true);
    }

    @AfterEach
    void stopAdopting() throws Exception {
        Linux.get().setChildSubreaper(false);
    }

    @Test
    void childAndItsDescendantsDieWithinSecondsOfTheParentsSigkill() throws Exception {
        try (EventLog log = EventLog.create()) {
            Process parent = new ProcessBuilder(Java.command(List.of(),
                    List.of("-D" + EventLog.PROPERTY + "=" + System.getProperty(EventLog.PROPERTY)),
                    FixtureRunner.class, Hangs.class.getName()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (log.lines().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> lines = log.lines();
            assertThat(lines).hasSize(2);
            long child = Long.parseLong(lines.get(0).split(" ")[0]);
            long sleeper = Long.parseLong(lines.get(1).split(" ")[2]);

            parent.destroyForcibly().waitFor();
            long killed = System.nanoTime();
            WaitStatus childEnd = awaitOrphanExit(child, TimeUnit.SECONDS.toNanos(5));
            long millisToDie = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            assertThat(childEnd).as("the orphaned child's exit").isNotNull();
            assertThat(millisToDie).as("ms from the parent's death to the child's").isLessThan(2_000);
            assertThat(ProcessHandle.of(sleeper)).as("the child's descendant " + sleeper).isEmpty();
            assertThat(Path.of("/proc", Long.toString(child))).doesNotExist();
        }
    }

    @Test
    void childrenWaitingForTestsDieWithTheParentToo() throws Exception {
        try (EventLog log = EventLog.create()) {
            Process parent = new ProcessBuilder(Java.command(List.of(),
                    List.of("-D" + EventLog.PROPERTY + "=" + System.getProperty(EventLog.PROPERTY)),
                    FixtureRunner.class, HangsWhileOthersWait.class.getName(), "nsunit.child.warm=2"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (log.lines().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> words = List.of(log.lines().get(0).split(" "));
            assertThat(words).as("the running child's pid, 'waiting' and the two waiting children's").hasSize(4);

            parent.destroyForcibly().waitFor();
            long killed = System.nanoTime();
            for (String pid : List.of(words.get(0), words.get(2), words.get(3))) {
                assertThat(awaitOrphanExit(Long.parseLong(pid), TimeUnit.SECONDS.toNanos(5)))
                        .as("the exit of child " + pid).isNotNull();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed))
                    .as("ms from the parent's death to the last child's").isLessThan(3_000);
        }
    }

    private static WaitStatus awaitOrphanExit(long pid, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            WaitStatus status = Linux.get().waitpid(pid, Linux.WNOHANG);
            if (status != null) {
                return status;
            }
            Thread.sleep(10);
        }
        return null;
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class HangsWhileOthersWait {
        /** Its child is started for it; the children for later tests are started when it is over. */
        @org.junit.jupiter.api.Test
        @Order(1)
        @IsolatedUts
        void first() {
        }

        @org.junit.jupiter.api.Test
        @Order(2)
        @IsolatedUts
        void hangs() throws Exception {
            // Waiting children are spawned when this test's child is taken; give them a moment to show up.
            Thread.sleep(500);
            WarmChildrenTest.recordWaitingSiblings();
            Thread.sleep(600_000);
        }

        /** With the next, the tests the two waiting children are started for. */
        @org.junit.jupiter.api.Test
        @Order(3)
        @IsolatedUts
        void third() {
        }

        @org.junit.jupiter.api.Test
        @Order(4)
        @IsolatedUts
        void fourth() {
        }
    }

    static class Hangs {
        @org.junit.jupiter.api.Test
        @IsolatedUts
        void startsASleeperAndHangs() throws Exception {
            EventLog.record("child");
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            EventLog.record("sleeper " + sleeper.pid());
            Files.size(Path.of("/proc", Long.toString(sleeper.pid())));
            Thread.sleep(600_000);
        }
    }
}
