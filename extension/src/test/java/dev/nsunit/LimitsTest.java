package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.cgroup.CgroupHierarchies;
import dev.nsunit.internal.cgroup.Hierarchy;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsLimits;
import dev.nsunit.support.NeedsNamespaces;
import dev.nsunit.support.NoCgroupLeft;

/**
 * A child with {@code @Limits} runs, with everything it starts, in cgroups of its own that enforce them; a child
 * killed for its memory fails its test saying so; and no cgroup outlives its child, however the child ended.
 */
@NeedsNamespaces
@NeedsLimits
@ExtendWith({HostUnchanged.class, NoCgroupLeft.class})
class LimitsTest {

    @Test
    void aChildThatReachesItsMemoryLimitFailsSayingTheKernelKilledItForIt() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(TouchesMoreMemoryThanItsLimit.class));

        assertThat(thrown).hasMessageContaining("before reporting a result for the test: killed by the kernel: the "
                + "test's memory limit of 64 MiB was reached.");
    }

    @Test
    void beyondItsPidsLimitTheTestCanStartNoThread() {
        Fixtures.assertEachPassed(Fixtures.run(StartsMoreThreadsThanItsLimit.class), 1);
    }

    @Test
    void theChildRunsFromItsFirstInstructionInCgroupsWithItsLimits() {
        Fixtures.assertEachPassed(Fixtures.run(ReadsItsCgroups.class), 1);
    }

    @Test
    void aChildStartedAheadGetsTheLimitsOfTheTestItIsStartedFor() {
        Fixtures.assertEachPassed(Fixtures.run(TwoLimitedTests.class, Map.of("nsunit.child.warm", "2")), 2);
    }

    @Test
    void processesTheTestStartsAreLimitedToo() {
        Fixtures.assertEachPassed(Fixtures.run(StartsAProcessThatNeedsTooMuch.class), 1);
    }

    @Test
    void aPrivilegedChildIsLimitedToo() {
        Fixtures.assertEachPassed(Fixtures.run(PrivilegedReadsItsCgroups.class), 1);
    }

    @Test
    void aChildThatUnshareMapsItselfIsLimitedToo() {
        Fixtures.assertEachPassed(Fixtures.run(MappedByUnshareReadsItsCgroups.class), 1);
    }

    @Test
    void theCgroupsOfAChildThatRunsPastTheTimeoutAreRemovedWithIt() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(LeavesAProcessAndSleeps.class,
                Map.of("nsunit.timeout", "3s")));

        assertThat(thrown).hasMessageContaining("ran longer than nsunit.timeout");
    }

    @Test
    void theCgroupsOfAChildThatDiesAreRemovedWithIt() {
        Throwable thrown = ChildFailureTest.failureOf(Fixtures.run(LeavesAProcessAndHalts.class));

        assertThat(thrown).hasMessageContaining("ended with exit code 7 before reporting a result for the test.");
    }

    @Test
    void anEmptyCgroupThatAGoneTestJvmLeftIsRemovedByTheNextChild() throws IOException {
        Hierarchy memory = CgroupHierarchies.ofThisJvm().with("memory").orElseThrow();
        // Named after this JVM's pid with a start time it does not have: the owner of such a name is gone.
        Path leftover = memory.dir().resolve("nsunit-" + ProcessHandle.current().pid() + "-0-1");
        Files.createDirectory(leftover);
        try {
            Fixtures.assertEachPassed(Fixtures.run(ReadsItsCgroups.class), 1);

            assertThat(leftover).doesNotExist();
        }
        finally {
            Files.deleteIfExists(leftover);
        }
    }

    /** The directory of the child's own cgroup with the controller, as it sees it. */
    static Path ownCgroup(String controller) throws IOException {
        return CgroupHierarchies.ofThisJvm().with(controller).orElseThrow().dir();
    }

    static class TouchesMoreMemoryThanItsLimit {
        @Test
        @IsolatedPid
        @Limits(memory = "64 MiB")
        void touchesAllOfIt() throws Exception {
            Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);
            for (int i = 0; i < 32; i++) {
                long address = unsafe.allocateMemory(8 << 20);
                // Touching every page makes it resident, charged to the cgroup; the heap never grows.
                unsafe.setMemory(address, 8 << 20, (byte) 1);
            }
        }
    }

    static class StartsMoreThreadsThanItsLimit {
        @Test
        @IsolatedPid
        @Limits(pids = 64)
        void startsThreadsUntilRefused() throws Exception {
            CountDownLatch end = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            try {
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        Thread thread = new Thread(() -> await(end));
                        thread.start();
                        started.add(thread);
                    }
                }).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("unable to create native thread");
                assertThat(started.size()).isLessThan(64);
                assertThat(Files.readString(ownCgroup("pids").resolve("pids.max")).strip()).isEqualTo("64");
            }
            finally {
                end.countDown();
            }
        }

        private static void await(CountDownLatch end) {
            try {
                end.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static class ReadsItsCgroups {
        @Test
        @IsolatedUts
        @Limits(memory = "256 MiB", pids = 200, cpus = 0.5)
        void seesItsLimits() throws IOException {
            assertLimits();
        }

        static void assertLimits() throws IOException {
            for (String controller : List.of("memory", "pids", "cpu")) {
                assertThat(ownCgroup(controller).getFileName().toString()).as(controller)
                        .matches("nsunit-\\d+-\\d+-\\d+");
            }
            Hierarchy cpu = CgroupHierarchies.ofThisJvm().with("cpu").orElseThrow();
            if (cpu.v2()) {
                assertThat(Files.readString(cpu.dir().resolve("cpu.max")).strip()).isEqualTo("50000 100000");
                assertThat(Files.readString(ownCgroup("memory").resolve("memory.max")).strip())
                        .isEqualTo(Long.toString(256 << 20));
            }
            else {
                assertThat(Files.readString(cpu.dir().resolve("cpu.cfs_quota_us")).strip()).isEqualTo("50000");
                assertThat(Files.readString(cpu.dir().resolve("cpu.cfs_period_us")).strip()).isEqualTo("100000");
                assertThat(Files.readString(ownCgroup("memory").resolve("memory.limit_in_bytes")).strip())
                        .isEqualTo(Long.toString(256 << 20));
            }
            assertThat(Files.readString(ownCgroup("pids").resolve("pids.max")).strip()).isEqualTo("200");
        }
    }

    @Limits(memory = "256 MiB", pids = 200, cpus = 0.5)
    @IsolatedUts
    static class TwoLimitedTests {
        @Test
        void first() throws IOException {
            ReadsItsCgroups.assertLimits();
        }

        @Test
        void second() throws IOException {
            ReadsItsCgroups.assertLimits();
        }
    }

    static class PrivilegedReadsItsCgroups {
        @Test
        @Privileged
        @IsolatedUts
        @Limits(memory = "256 MiB", pids = 200, cpus = 0.5)
        void seesItsLimits() throws IOException {
            ReadsItsCgroups.assertLimits();
        }
    }

    static class MappedByUnshareReadsItsCgroups {
        @Test
        @IsolatedUser(uid = 1000, gid = 1000)
        @IsolatedUts
        @Limits(memory = "256 MiB", pids = 200, cpus = 0.5)
        void seesItsLimits() throws IOException {
            ReadsItsCgroups.assertLimits();
        }
    }

    static class StartsAProcessThatNeedsTooMuch {
        @Test
        @IsolatedPid
        @Limits(memory = "96 MiB")
        void itIsKilled() throws Exception {
            // dd fills a buffer of 256 MiB: the largest process of the cgroup, so the one the kernel kills.
            Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1")
                    .redirectErrorStream(true).start();
            assertThat(dd.waitFor()).as("dd's exit status").isEqualTo(128 + 9);
        }
    }

    static class LeavesAProcessAndSleeps {
        @Test
        @IsolatedUts
        @Limits(pids = 100)
        void sleeps() throws Exception {
            new ProcessBuilder("sleep", "600").start();
            Thread.sleep(60_000);
        }
    }

    static class LeavesAProcessAndHalts {
        @Test
        @IsolatedUts
        @Limits(pids = 100)
        void halts() throws Exception {
            new ProcessBuilder("setsid", "sleep", "600").start();
            Runtime.getRuntime().halt(7);
        }
    }
}
