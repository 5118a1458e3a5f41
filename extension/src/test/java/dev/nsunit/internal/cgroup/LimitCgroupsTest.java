package dev.nsunit.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.internal.linux.ResourceLimits;

/**
 * What nsunit writes to create a child's cgroups in the v2 hierarchy, and what it reads back to explain a child's
 * death, over a directory standing in for {@code /sys/fs/cgroup} (the kernel's own cgroup2 cannot be had here; the
 * v1 files are written for real by {@code LimitsTest}).
 */
class LimitCgroupsTest {

    private static final String V2_MOUNT = "30 22 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";

    @TempDir
    Path fs;

    @Test
    void aV2CgroupGetsItsLimitsAndTheChildBelowTheJvmsCgroup() throws Exception {
        LimitCgroups cgroups = createIn("cpu memory pids", new ResourceLimits(64 << 20, 100, 0.5));

        Path dir = cgroups.directories().get(0);
        assertThat(dir.getParent()).isEqualTo(fs.resolve("sys/fs/cgroup"));
        assertThat(dir.getFileName().toString()).matches("nsunit-" + ProcessHandle.current().pid() + "-\\d+-\\d+");
        assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(64 << 20));
        assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("100");
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("50000 100000");

        cgroups.admit(4242);

        assertThat(Files.readString(dir.resolve("cgroup.procs"))).isEqualTo("4242");
    }

    @Test
    void anOomKillInTheCgroupExplainsTheChildsDeath() throws Exception {
        LimitCgroups cgroups = createIn("memory", new ResourceLimits(64 << 20, 0, 0));
        Files.writeString(cgroups.directories().get(0).resolve("memory.events"),
                "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");

        assertThat(cgroups.reached()).contains("killed by the kernel: the test's memory limit of 64 MiB was reached");
    }

    @Test
    void forksThePidsLimitRefusedExplainTheChildsDeath() throws Exception {
        LimitCgroups cgroups = createIn("pids", new ResourceLimits(0, 40, 0));
        Files.writeString(cgroups.directories().get(0).resolve("pids.events"), "max 3\n");

        assertThat(cgroups.reached()).contains("the test's limit of 40 processes and threads was reached (the kernel "
                + "refused 3 forks or new threads)");
    }

    @Test
    void withoutOomKillsOrRefusedForksNoLimitIsBlamed() throws Exception {
        LimitCgroups cgroups = createIn("memory pids", new ResourceLimits(64 << 20, 40, 0));
        Files.writeString(cgroups.directories().get(0).resolve("memory.events"), "max 12\noom 0\noom_kill 0\n");
        Files.writeString(cgroups.directories().get(0).resolve("pids.events"), "max 0\n");

        assertThat(cgroups.reached()).isEmpty();
    }

    @Test
    void onlyNsunitsCgroupsOfGoneOwnersAreLeftovers() {
        long pid = ProcessHandle.current().pid();
        String start = CgroupOwner.startTime(pid).orElseThrow();

        assertThat(CgroupOwner.isLeftover("nsunit-" + pid + "-" + start + "-1")).as("this JVM's").isFalse();
        assertThat(CgroupOwner.isLeftover("nsunit-" + pid + "-0-1")).as("a reused pid's").isTrue();
        assertThat(CgroupOwner.isLeftover("docker")).as("another's").isFalse();
    }

    private LimitCgroups createIn(String controllers, ResourceLimits limits) throws Exception {
        Path root = Files.createDirectories(fs.resolve("sys/fs/cgroup"));
        Files.writeString(root.resolve("cgroup.controllers"), controllers);
        Files.writeString(root.resolve("cgroup.subtree_control"), controllers);
        return LimitCgroups.create(LimitPlan.of(limits, CgroupHierarchies.parse("0::/\n", V2_MOUNT, fs)));
    }
}
