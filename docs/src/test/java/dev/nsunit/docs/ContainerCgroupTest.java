package dev.nsunit.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.nsunit.IsolatedCgroup;

// tag::cgroup[]
@IsolatedCgroup
class ContainerCgroupTest {
    @Test
    void seesItsOwnCgroupAsTheRoot() throws Exception {
        // one line per hierarchy, id:controllers:path; every path is "/", as in a container
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            assertTrue(line.endsWith(":/"), line);
        }
    }
}
// end::cgroup[]
