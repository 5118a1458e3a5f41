package dev.nsunit.internal.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * One cgroup hierarchy as the test JVM sees it: which version it is, which controllers it has, and the directory of
 * the cgroup the test JVM runs in, the only place below which nsunit creates cgroups.
 *
 * @param v2          whether it is the unified (cgroup v2) hierarchy
 * @param controllers for v1, the controllers the hierarchy was mounted with; for v2, those the test JVM's cgroup
 *                    has ({@code cgroup.controllers})
 * @param path        the test JVM's cgroup as {@code /proc/self/cgroup} names it, for messages
 * @param dir         that cgroup's directory, where its mount shows it
 */
public record Hierarchy(boolean v2, Set<String> controllers, String path, Path dir) {

    public Hierarchy {
        controllers = Set.copyOf(controllers);
    }

    /**
     * Whether the test JVM's cgroup is the hierarchy's true root: only the root cgroup has no {@code cgroup.type}
     * (a cgroup namespace's "/" does). Cgroup v2's no-internal-process rule spares the root alone.
     */
    public boolean isRoot() {
        return !Files.exists(dir.resolve("cgroup.type"));
    }

    String version() {
        return v2 ? "cgroup v2" : "cgroup v1";
    }
}
