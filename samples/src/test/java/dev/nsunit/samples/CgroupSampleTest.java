package dev.nsunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedCgroup;

/**
 * {@code @IsolatedCgroup}: the test sees its own cgroup as the root of every hierarchy, as an application in a
 * container does. Each line of {@code /proc/self/cgroup} is {@code id:controllers:path}, the path relative to that
 * root.
 */
@IsolatedCgroup
class CgroupSampleTest {

    @Test
    void seesItsCgroupAsTheRoot() throws Exception {
        assertThat(Files.readAllLines(Path.of("/proc/self/cgroup")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith(":/"));
    }
}
