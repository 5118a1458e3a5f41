package dev.nsunit.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.nsunit.internal.linux.ResourceLimits;

/**
 * Where a child's limits go: for each controller they need ({@code memory}, {@code pids}, {@code cpu}), the
 * hierarchy whose cgroup below the test JVM's can enforce it, or why none can. Decided from the files alone, before
 * any process or cgroup exists.
 *
 * <p>The rules: a v1 hierarchy with the controller always can (v1 lets a cgroup with processes have children
 * with limits). In the v2 hierarchy, the test JVM's cgroup must pass the controller on to the cgroups below it
 * (list it in {@code cgroup.subtree_control}); nsunit never writes that file, which belongs to a cgroup it did not
 * create, and a cgroup other than the root cannot list one while it has processes, as the test JVM's cgroup has
 * (the no-internal-process rule). And nsunit must be allowed to create a cgroup there.
 *
 * @param controllers by directory of the test JVM's cgroup (one per hierarchy), the controllers to limit there
 */
public record LimitPlan(ResourceLimits limits, Map<Hierarchy, Set<String>> controllers) {

    private static volatile CgroupHierarchies jvmHierarchies;

    /** The plan for this JVM. */
    public static LimitPlan of(ResourceLimits limits) throws LimitsUnavailableException {
        return of(limits, hierarchiesOfThisJvm());
    }

    /** Why limits of these kinds cannot be enforced here, or empty if they can: what the probe asks. */
    public static Optional<String> refusal(ResourceLimits limits) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        try {
            of(limits);
            return Optional.empty();
        }
        catch (LimitsUnavailableException unavailable) {
            return Optional.of(unavailable.getMessage());
        }
    }

    static CgroupHierarchies hierarchiesOfThisJvm() throws LimitsUnavailableException {
        CgroupHierarchies hierarchies = jvmHierarchies;
        if (hierarchies == null) {
            try {
                hierarchies = CgroupHierarchies.ofThisJvm();
            }
            catch (IOException e) {
                throw new LimitsUnavailableException("@Limits cannot be enforced here: nsunit cannot read this JVM's "
                        + "cgroups (" + e + "); /proc must be mounted", e);
            }
            // A JVM stays in its cgroups: nsunit moves no process it did not start.
            jvmHierarchies = hierarchies;
        }
        return hierarchies;
    }

    /** The plan over these hierarchies. */
    public static LimitPlan of(ResourceLimits limits, CgroupHierarchies hierarchies)
            throws LimitsUnavailableException {
        Map<Hierarchy, Set<String>> plan = new LinkedHashMap<>();
        for (String controller : needed(limits)) {
            Hierarchy hierarchy = hierarchies.with(controller).orElseThrow(() -> unavailable(limits,
                    missing(controller, hierarchies)));
            if (hierarchy.v2()) {
                Set<String> passedOn = subtreeControl(hierarchy);
                if (!passedOn.contains(controller)) {
                    throw unavailable(limits, hierarchy.isRoot() ? rootDoesNotPassOn(controller, hierarchy)
                            : internalProcess(controller, hierarchy));
                }
            }
            plan.computeIfAbsent(hierarchy, any -> new LinkedHashSet<>()).add(controller);
        }
        for (Hierarchy hierarchy : plan.keySet()) {
            if (!Files.isWritable(hierarchy.dir())) {
                throw unavailable(limits, "nsunit may not create cgroups in " + hierarchy.dir() + ", the test JVM's "
                        + hierarchy.version() + " cgroup" + (hierarchy.v2() ? "" : " for " + String.join(" and ",
                                plan.get(hierarchy))) + ". Run the tests as root, or in a cgroup delegated to "
                        + "their user (systemd: Delegate=yes)");
            }
        }
        return new LimitPlan(limits, plan);
    }

    /**
     * Where each controller's cgroups go, for the doctor: {@code memory in cgroup v1 below /sys/fs/cgroup/memory/a;
     * pids, cpu in cgroup v2 below /sys/fs/cgroup}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Hierarchy, Set<String>> each : controllers.entrySet()) {
            parts.add(String.join(", ", each.getValue()) + " in " + each.getKey().version() + " cgroups created below "
                    + each.getKey().dir());
        }
        return String.join("; ", parts);
    }

    /** The controllers that enforce the limits, in the order they are written. */
    static List<String> needed(ResourceLimits limits) {
        List<String> needed = new ArrayList<>();
        if (limits.memoryBytes() > 0) {
            needed.add("memory");
        }
        if (limits.pids() > 0) {
            needed.add("pids");
        }
        if (limits.cpus() > 0) {
            needed.add("cpu");
        }
        return needed;
    }

    private static Set<String> subtreeControl(Hierarchy hierarchy) {
        try {
            return CgroupHierarchies.words(Files.readString(hierarchy.dir().resolve("cgroup.subtree_control")));
        }
        catch (IOException unreadable) {
            return Set.of();
        }
    }

    private static String missing(String controller, CgroupHierarchies hierarchies) {
        Optional<Hierarchy> unified = hierarchies.unified();
        if (unified.isPresent()) {
            return "the " + controller + " controller is neither on a cgroup v1 hierarchy nor available to the test "
                    + "JVM's cgroup v2 cgroup " + unified.get().path() + " (its cgroup.controllers: "
                    + listed(unified.get().controllers()) + "); the cgroup above it must pass it on, as systemd does "
                    + "for a unit with Delegate=yes";
        }
        if (!hierarchies.hidden().isEmpty()) {
            return "the test JVM's cgroups (" + String.join(", ", hierarchies.hidden()) + ") are not visible under "
                    + "any mount of their hierarchy; mount cgroup2 (or the v1 " + controller + " hierarchy) where "
                    + "they show, as a container with its own cgroup namespace has it";
        }
        return "no cgroup hierarchy with the " + controller + " controller is mounted (neither cgroup2 nor a v1 "
                + controller + " hierarchy, see /proc/self/mountinfo); mount cgroup2 at /sys/fs/cgroup";
    }

    private static String rootDoesNotPassOn(String controller, Hierarchy hierarchy) {
        return "the test JVM runs in the root cgroup of the cgroup v2 hierarchy, whose cgroup.subtree_control does "
                + "not pass the " + controller + " controller on to the cgroups below it, and nsunit changes no "
                + "cgroup it did not create; enable it: echo +" + controller + " > "
                + hierarchy.dir().resolve("cgroup.subtree_control");
    }

    private static String internalProcess(String controller, Hierarchy hierarchy) {
        return "the test JVM runs in the cgroup v2 cgroup " + hierarchy.path() + ", which passes no " + controller
                + " controller on to cgroups below it (cgroup.subtree_control: " + listed(subtreeControl(hierarchy))
                + ") and cannot while it has processes, the test JVM among them (cgroup v2's no-internal-process "
                + "rule); nsunit moves no process it did not start. Start the build in the root cgroup, which the rule "
                + "spares, as root: sudo sh -c 'echo $$ > /sys/fs/cgroup/cgroup.procs && exec mvn verify' (see @Limits "
                + "in the user guide)";
    }

    private static String listed(Set<String> words) {
        return words.isEmpty() ? "empty" : String.join(" ", words);
    }

    private static LimitsUnavailableException unavailable(ResourceLimits limits, String why) {
        return new LimitsUnavailableException("@Limits(" + limits.describe() + ") cannot be enforced here: " + why,
                null);
    }

    /** Why limits cannot be enforced here, and what to do. */
    public static final class LimitsUnavailableException extends Exception {

        private static final long serialVersionUID = 1L;

        LimitsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
