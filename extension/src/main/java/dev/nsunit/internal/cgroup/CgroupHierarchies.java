package dev.nsunit.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.nsunit.internal.linux.MountTable;

/**
 * The cgroup hierarchies the test JVM is in, read from {@code /proc/self/cgroup} (which cgroup, in which hierarchy)
 * and {@code /proc/self/mountinfo} (where each hierarchy is mounted, and from which of its cgroups): cgroup v1
 * controllers each in a hierarchy of their own (or a few together), the unified v2 hierarchy, or both (systemd's
 * "hybrid" layout). A controller is in one hierarchy at a time.
 *
 * @param hierarchies those whose mount shows the test JVM's cgroup, v1 first
 * @param hidden      the hierarchies whose mount does not show it (a mount of another cgroup's subtree), by the
 *                    test JVM's cgroup path, such as {@code memory:/docker/abc}
 */
public record CgroupHierarchies(List<Hierarchy> hierarchies, List<String> hidden) {

    /** The hierarchies of this JVM. */
    public static CgroupHierarchies ofThisJvm() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/cgroup")), Files.readString(Path.of("/proc/self/mountinfo")),
                Path.of("/"));
    }

    /**
     * The hierarchies that {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} describe, their mount points
     * taken under {@code fsRoot} ({@code /}, or a directory that stands in for it).
     */
    public static CgroupHierarchies parse(String procSelfCgroup, String mountinfo, Path fsRoot) throws IOException {
        List<Mount> mounts = mounts(mountinfo);
        List<Hierarchy> v1 = new ArrayList<>();
        List<Hierarchy> v2 = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length < 3) {
                continue;
            }
            boolean unified = fields[0].equals("0") && fields[1].isEmpty();
            Set<String> controllers = new LinkedHashSet<>(Arrays.asList(fields[1].split(",")));
            controllers.remove("");
            String path = fields[2];
            Optional<Path> dir = mounts.stream()
                    .filter(mount -> unified ? mount.type.equals("cgroup2")
                            : mount.type.equals("cgroup") && mount.options.containsAll(controllers))
                    .map(mount -> mount.show(path, fsRoot)).flatMap(Optional::stream).findFirst();
            if (dir.isEmpty()) {
                if (unified ? mounts.stream().anyMatch(mount -> mount.type.equals("cgroup2")) : !controllers.isEmpty()
                        && mounts.stream().anyMatch(mount -> mount.type.equals("cgroup")
                                && mount.options.containsAll(controllers))) {
                    hidden.add((unified ? "cgroup2" : String.join(",", controllers)) + ":" + path);
                }
                continue;
            }
            if (unified) {
                Path available = dir.get().resolve("cgroup.controllers");
                Set<String> own = Files.isReadable(available) ? words(Files.readString(available)) : Set.of();
                v2.add(new Hierarchy(true, own, path, dir.get()));
            }
            else if (controllers.stream().noneMatch(name -> name.startsWith("name="))) {
                v1.add(new Hierarchy(false, controllers, path, dir.get()));
            }
        }
        v1.addAll(v2);
        return new CgroupHierarchies(List.copyOf(v1), List.copyOf(hidden));
    }

    /** The hierarchy that has the controller for the test JVM's cgroup: a v1 one, else the v2 one. */
    public Optional<Hierarchy> with(String controller) {
        return hierarchies.stream().filter(hierarchy -> hierarchy.controllers().contains(controller)).findFirst();
    }

    /** The unified hierarchy, if the test JVM's cgroup shows in it. */
    public Optional<Hierarchy> unified() {
        return hierarchies.stream().filter(Hierarchy::v2).findFirst();
    }

    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>(Arrays.asList(text.strip().split("\\s+")));
        words.remove("");
        return words;
    }

    private static List<Mount> mounts(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            int separator = Arrays.asList(fields).indexOf("-");
            if (separator < 5 || fields.length < separator + 4) {
                continue;
            }
            String type = fields[separator + 1];
            if (type.equals("cgroup") || type.equals("cgroup2")) {
                mounts.add(new Mount(MountTable.unescape(fields[3]), MountTable.unescape(fields[4]), type,
                        Set.of(fields[separator + 3].split(","))));
            }
        }
        return mounts;
    }

    /**
     * A mount of a cgroup hierarchy.
     *
     * @param root    the hierarchy's cgroup that it shows at its mount point
     * @param point   where it is mounted
     * @param options for v1, the controllers (among the super options)
     */
    private record Mount(String root, String point, String type, Set<String> options) {

        /** The directory of the cgroup at {@code path}, if this mount shows it. */
        Optional<Path> show(String path, Path fsRoot) {
            String relative;
            if (root.equals("/")) {
                relative = path;
            }
            else if (path.equals(root) || path.startsWith(root + "/")) {
                relative = path.substring(root.length());
            }
            else {
                return Optional.empty();
            }
            Path dir = fsRoot.resolve(point.substring(1));
            for (String part : relative.split("/")) {
                if (part.equals("..")) {
                    return Optional.empty();
                }
                if (!part.isEmpty()) {
                    dir = dir.resolve(part);
                }
            }
            return Optional.of(dir);
        }
    }
}
