package dev.nsunit.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nsunit.internal.linux.ResourceLimits;

/**
 * Where limits go, decided from the files alone: cgroup v1 and v2 layouts as {@code /proc/self/cgroup},
 * {@code /proc/self/mountinfo} and a directory tree standing in for {@code /sys/fs/cgroup} describe them. cgroup v2
 * cannot be had for real on the machine these specifications were written on, so its rules are proven here.
 */
class LimitPlanTest {

    private static final ResourceLimits ALL = new ResourceLimits(64 << 20, 100, 0.5);
    private static final String V2_MOUNT = "30 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - "
            + "cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
    private static final String HYBRID_MOUNTS = """
            31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
            34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @TempDir
    Path fs;

    @Test
    void cgroupV1HierarchiesTakeEachControllerBelowTheJvmsOwnCgroupThere() throws Exception {
        String cgroup = "9:name=systemd:/\n8:pids:/build\n4:memory:/build/jvm\n2:cpu,cpuacct:/\n0::/\n";
        directories("sys/fs/cgroup/pids/build", "sys/fs/cgroup/memory/build/jvm", "sys/fs/cgroup/cpu,cpuacct",
                "sys/fs/cgroup/unified");

        LimitPlan plan = LimitPlan.of(ALL, CgroupHierarchies.parse(cgroup, HYBRID_MOUNTS, fs));

        assertThat(plan.controllers()).containsOnly(
                Map.entry(v1("memory", "/build/jvm", "sys/fs/cgroup/memory/build/jvm"), Set.of("memory")),
                Map.entry(v1("pids", "/build", "sys/fs/cgroup/pids/build"), Set.of("pids")),
                Map.entry(new Hierarchy(false, Set.of("cpu", "cpuacct"), "/", fs.resolve("sys/fs/cgroup/cpu,cpuacct")),
                        Set.of("cpu")));
    }

    @Test
    void aV1MountOfAnotherCgroupsSubtreeShowsTheJvmsCgroupRelativeToItsRoot() throws Exception {
        String mounts = "34 30 0:31 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n";
        directories("sys/fs/cgroup/memory/jvm");

        LimitPlan plan = LimitPlan.of(new ResourceLimits(64 << 20, 0, 0),
                CgroupHierarchies.parse("4:memory:/docker/abc/jvm\n", mounts, fs));

        assertThat(plan.controllers().keySet()).extracting(Hierarchy::dir)
                .containsExactly(fs.resolve("sys/fs/cgroup/memory/jvm"));
    }

    @Test
    void inTheV2RootCgroupThatPassesTheControllersOnAllLimitsGoToOneCgroup() throws Exception {
        Path root = v2Cgroup("sys/fs/cgroup", "cpuset cpu io memory pids", "cpu memory pids");

        LimitPlan plan = LimitPlan.of(ALL, CgroupHierarchies.parse("0::/\n", V2_MOUNT, fs));

        assertThat(plan.controllers()).containsOnly(Map.entry(
                new Hierarchy(true, Set.of("cpuset", "cpu", "io", "memory", "pids"), "/", root),
                Set.of("memory", "pids", "cpu")));
    }

    @Test
    void aV2CgroupWithTheJvmInItCannotPassControllersOnSoLimitsAreRefusedNamingTheRuleAndTheFix() throws Exception {
        Path jvm = v2Cgroup("sys/fs/cgroup/system.slice/runner.service", "cpu memory pids", "");
        Files.writeString(jvm.resolve("cgroup.type"), "domain\n");

        assertThatThrownBy(() -> LimitPlan.of(ALL, CgroupHierarchies.parse("0::/system.slice/runner.service\n",
                V2_MOUNT, fs))).hasMessage("@Limits(memory = 64 MiB, pids = 100, cpus = 0.5) cannot be enforced "
                        + "here: the test JVM runs in the cgroup v2 cgroup /system.slice/runner.service, which passes "
                        + "no memory controller on to cgroups below it (cgroup.subtree_control: empty) and cannot "
                        + "while it has processes, the test JVM among them (cgroup v2's no-internal-process rule); "
                        + "nsunit moves no process it did not start. Start the build in the root cgroup, which the "
                        + "rule spares, as root: sudo sh -c 'echo $$ > /sys/fs/cgroup/cgroup.procs && exec mvn "
                        + "verify' (see @Limits in the user guide)");
    }

    @Test
    void theV2RootCgroupThatDoesNotPassAControllerOnIsLeftAsItIsAndTheFixNamed() throws Exception {
        v2Cgroup("sys/fs/cgroup", "cpu memory pids", "memory");

        assertThatThrownBy(() -> LimitPlan.of(new ResourceLimits(0, 100, 0), CgroupHierarchies.parse("0::/\n",
                V2_MOUNT, fs))).hasMessageEndingWith("the test JVM runs in the root cgroup of the cgroup v2 hierarchy, "
                        + "whose cgroup.subtree_control does not pass the pids controller on to the cgroups below it, "
                        + "and nsunit changes no cgroup it did not create; enable it: echo +pids > "
                        + fs.resolve("sys/fs/cgroup/cgroup.subtree_control"));
    }

    @Test
    void aControllerThatNoHierarchyOffersIsNamed() throws Exception {
        directories("sys/fs/cgroup/unified");
        String cgroup = "4:memory:/\n0::/\n";
        String mounts = "34 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        directories("sys/fs/cgroup/memory");
        Files.writeString(fs.resolve("sys/fs/cgroup/unified/cgroup.controllers"), "hugetlb\n");

        assertThatThrownBy(() -> LimitPlan.of(new ResourceLimits(0, 0, 1), CgroupHierarchies.parse(cgroup, mounts,
                fs))).hasMessageEndingWith("the cpu controller is neither on a cgroup v1 hierarchy nor available to "
                        + "the test JVM's cgroup v2 cgroup / (its cgroup.controllers: hugetlb); the cgroup above it "
                        + "must pass it on, as systemd does for a unit with Delegate=yes");
    }

    @Test
    void withoutAnyCgroupMountTheMessageSaysWhatToMount() {
        assertThatThrownBy(() -> LimitPlan.of(new ResourceLimits(64 << 20, 0, 0), CgroupHierarchies.parse("0::/\n",
                "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n", fs))).hasMessageEndingWith("no cgroup hierarchy "
                        + "with the memory controller is mounted (neither cgroup2 nor a v1 memory hierarchy, see "
                        + "/proc/self/mountinfo); mount cgroup2 at /sys/fs/cgroup");
    }

    @Test
    void aJvmCgroupOutsideWhatTheMountShowsIsNamed() {
        String mounts = "34 30 0:31 /docker/abc /sys/fs/cgroup/memory ro - cgroup cgroup rw,memory\n";

        assertThatThrownBy(() -> LimitPlan.of(new ResourceLimits(64 << 20, 0, 0), CgroupHierarchies.parse(
                "4:memory:/elsewhere\n", mounts, fs))).hasMessageEndingWith("the test JVM's cgroups "
                        + "(memory:/elsewhere) are not visible under any mount of their hierarchy; mount cgroup2 (or "
                        + "the v1 memory hierarchy) where they show, as a container with its own cgroup namespace "
                        + "has it");
    }

    private Hierarchy v1(String controller, String path, String dir) {
        return new Hierarchy(false, Set.of(controller), path, fs.resolve(dir));
    }

    private Path v2Cgroup(String dir, String controllers, String subtreeControl) throws IOException {
        Path cgroup = Files.createDirectories(fs.resolve(dir));
        Files.writeString(cgroup.resolve("cgroup.controllers"), controllers + "\n");
        Files.writeString(cgroup.resolve("cgroup.subtree_control"), subtreeControl + "\n");
        return cgroup;
    }

    private void directories(String... dirs) throws IOException {
        for (String dir : dirs) {
            Files.createDirectories(fs.resolve(dir));
        }
    }
}
