package dev.nsunit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostState;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.NeedsLimits;
import dev.nsunit.support.NeedsNamespaces;

@NeedsNamespaces(also = NamespaceType.CGROUP)
@ExtendWith(HostUnchanged.class)
class CgroupIsolationTest {

    private static final String PARENT_CGROUP_NAMESPACE = "nsunit.spec.parentCgroupNamespace";
    private static final Path CGROUP = Path.of("/proc/self/cgroup");

    private List<String> hostCgroups;

    @BeforeEach
    void tellFixturesTheParentsNamespace() throws Exception {
        System.setProperty(PARENT_CGROUP_NAMESPACE, HostState.now().namespaces().get("cgroup"));
        hostCgroups = Files.readAllLines(CGROUP);
    }

    @AfterEach
    void hostStillSeesItsOwnCgroups() throws Exception {
        System.clearProperty(PARENT_CGROUP_NAMESPACE);
        assertThat(Files.readAllLines(CGROUP)).as("the test JVM's /proc/self/cgroup").isEqualTo(hostCgroups);
    }

    @Test
    void aHardenedChildSeesItsCgroupAsTheRootOfEveryHierarchy() {
        Fixtures.assertEachPassed(Fixtures.run(SeesItselfAtTheRoot.class), 1);
    }

    @Test
    void aPrivilegedChildBornFromTheSpawnerThreadSeesTheSame() {
        Fixtures.assertEachPassed(Fixtures.run(PrivilegedSeesItselfAtTheRoot.class), 1);
    }

    @Test
    void namespacesCgroupMeansTheSame() {
        Fixtures.assertEachPassed(Fixtures.run(AskedByEnum.class), 1);
    }

    @Test
    @NeedsLimits
    void withLimitsAHardenedChildSeesTheCgroupsThatLimitItAsTheRoot() {
        Fixtures.assertEachPassed(Fixtures.run(LimitedSeesItselfAtTheRoot.class), 1);
    }

    @Test
    @NeedsLimits
    void withLimitsAPrivilegedChildSeesTheSame() {
        Fixtures.assertEachPassed(Fixtures.run(PrivilegedLimitedSeesItselfAtTheRoot.class), 1);
    }

    static void seesItselfAtTheRoot() throws Exception {
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/cgroup")).toString())
                .isNotEqualTo(System.getProperty(PARENT_CGROUP_NAMESPACE));
        // hierarchy-id:controllers:path, the path relative to the namespace's root
        assertThat(Files.readAllLines(CGROUP)).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith(":/"));
    }

    static class SeesItselfAtTheRoot {
        @Test
        @IsolatedCgroup
        void test() throws Exception {
            seesItselfAtTheRoot();
        }
    }

    static class PrivilegedSeesItselfAtTheRoot {
        @Test
        @Privileged
        @IsolatedCgroup
        void test() throws Exception {
            seesItselfAtTheRoot();
        }
    }

    static class AskedByEnum {
        @Test
        @Namespaces(Namespace.CGROUP)
        void test() throws Exception {
            seesItselfAtTheRoot();
        }
    }

    static class LimitedSeesItselfAtTheRoot {
        @Test
        @IsolatedCgroup
        @Limits(memory = "256 MiB", pids = 200)
        void test() throws Exception {
            seesItselfAtTheRoot();
        }
    }

    static class PrivilegedLimitedSeesItselfAtTheRoot {
        @Test
        @Privileged
        @IsolatedCgroup
        @Limits(memory = "256 MiB", pids = 200)
        void test() throws Exception {
            seesItselfAtTheRoot();
        }
    }
}
