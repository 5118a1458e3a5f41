package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.nsunit.support.EventLog;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsNamespaces;

/** Jupiter's {@code @Timeout} ends an isolated test whatever its thread mode, and a hanging child holds nothing up. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class TimeoutTest {

    /** Were the busy loop left to nsunit.timeout, the test would fail saying that instead. */
    private static final Map<String, String> SHORT_NSUNIT_TIMEOUT = Map.of("nsunit.timeout", "60 s");

    @Test
    void aTestThatIgnoresItsTimeoutFailsWithItAndItsChildIsKilledWithoutItsShutdownHooks() throws Exception {
        try (EventLog log = EventLog.create()) {
            Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(SpinsPastItsTimeout.class, SHORT_NSUNIT_TIMEOUT));

            assertThat(thrown).isExactlyInstanceOf(TimeoutException.class).hasMessage("spins() timed out: its "
                    + "@Timeout interrupted it, and it had not returned 250 ms later, so nsunit killed the child JVM "
                    + "it ran in, with every process it started");
            assertThat(thrown.getStackTrace()).as("where it was stuck").anyMatch(frame -> frame.getMethodName()
                    .equals("spins"));
            assertThat(log.lines()).as("the child was halted: its hanging shutdown hook never ran")
                    .noneMatch(line -> line.endsWith(" hook"));
            long sleeper = Long.parseLong(log.lines().get(0).split(" ")[1]);
            assertThat(ProcessHandle.of(sleeper).filter(ProcessHandle::isAlive)).as("process " + sleeper).isEmpty();
        }
    }

    @Test
    void aTestThatTimesOutInASeparateThreadIsReportedWithoutWaitingForAHangingShutdownHook() throws Exception {
        try (EventLog log = EventLog.create()) {
            EngineExecutionResults results = Fixtures.run(SpinsInASeparateThread.class, SHORT_NSUNIT_TIMEOUT);
            Instant runEnded = Instant.now();

            Throwable thrown = ChildFailureTest.failureOf(results);
            assertThat(thrown).isExactlyInstanceOf(TimeoutException.class).hasMessage("spins() timed out after 1 "
                    + "second");
            assertThat(log.lines()).as("the shutdown hook ran, and hung").anyMatch(line -> line.endsWith(" hook"));
            // The test was reported as soon as the child's run was over; only then did the parent wait for the
            // hanging child to exit, for 3 s, before killing it. Reported after the exit, the two would be moments
            // apart.
            Event finished = results.testEvents().finished().stream().findFirst().orElseThrow();
            assertThat(Duration.between(finished.getTimestamp(), runEnded)).as("from the report to the run's end")
                    .isGreaterThan(Duration.ofSeconds(1));
        }
    }

    static class SpinsPastItsTimeout {
        static volatile long spun;

        @Test
        @IsolatedUts
        @Timeout(2)
        void spins() throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            EventLog.record(Long.toString(sleeper.pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(SpinsPastItsTimeout::hangs));
            while (true) {
                // Busy, and deaf to the interrupt of Jupiter's timeout.
                spun++;
            }
        }

        static void hangs() {
            EventLog.record("hook");
            try {
                TimeUnit.MINUTES.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static class SpinsInASeparateThread {
        static volatile long spun;

        @Test
        @IsolatedUts
        @Timeout(value = 1, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
        void spins() {
            Runtime.getRuntime().addShutdownHook(new Thread(SpinsPastItsTimeout::hangs));
            while (true) {
                spun++;
            }
        }
    }
}
