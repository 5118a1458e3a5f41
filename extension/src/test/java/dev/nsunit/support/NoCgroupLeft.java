package dev.nsunit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.nsunit.internal.cgroup.CgroupHierarchies;
import dev.nsunit.internal.cgroup.Hierarchy;

/**
 * Asserts after each test that no cgroup this JVM's children had is left: no {@code nsunit-<this pid>-...}
 * directory below this JVM's cgroup in any hierarchy.
 */
public final class NoCgroupLeft implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        assertThat(ours()).as("cgroups of this JVM's children after the test").isEmpty();
    }

    /** The cgroups named after this JVM below its own, in every hierarchy. */
    public static List<Path> ours() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Hierarchy hierarchy : CgroupHierarchies.ofThisJvm().hierarchies()) {
            try (Stream<Path> children = Files.list(hierarchy.dir())) {
                children.filter(child -> child.getFileName().toString()
                        .startsWith("nsunit-" + ProcessHandle.current().pid() + "-")).forEach(found::add);
            }
        }
        return found;
    }
}
