package dev.nsunit.internal.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.ResourceLimits;

/**
 * The cgroups nsunit creates for one child, one in each hierarchy its {@link LimitPlan} needs, each directly below
 * the test JVM's own cgroup there: created with their limits before the child is spawned, the child put in them
 * while it waits before running anything ({@link #admit}), asked afterwards whether a limit was reached, and
 * removed when it has ended ({@link #close}), every process left in them killed first.
 *
 * <p>Nothing else is written: not the test JVM's cgroup, not any cgroup nsunit did not create, and no process but
 * the child's is ever put into one or killed.
 */
public final class LimitCgroups implements AutoCloseable {

    /** The CFS period nsunit uses: the kernel's default, 100 ms. */
    static final long PERIOD_MICROS = 100_000;
    private static final long EMPTY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ResourceLimits limits;
    private final List<Created> created;

    private LimitCgroups(ResourceLimits limits, List<Created> created) {
        this.limits = limits;
        this.created = created;
    }

    /** A cgroup nsunit created: where, in which hierarchy, for which controllers, and its path there. */
    record Created(Hierarchy hierarchy, Path dir, Set<String> controllers, String path) {
    }

    /**
     * Creates the plan's cgroups with their limits. If one cannot be, those already created are removed.
     *
     * @throws IOException saying which file could not be written, and the kernel's reason
     */
    public static LimitCgroups create(LimitPlan plan) throws IOException {
        String name = CgroupOwner.newName();
        List<Created> created = new ArrayList<>();
        LimitCgroups cgroups = new LimitCgroups(plan.limits(), created);
        try {
            for (Map.Entry<Hierarchy, Set<String>> each : plan.controllers().entrySet()) {
                Hierarchy hierarchy = each.getKey();
                CgroupOwner.reclaimLeftovers(hierarchy.dir());
                Path dir = hierarchy.dir().resolve(name);
                Files.createDirectory(dir);
                Created cgroup = new Created(hierarchy, dir, Set.copyOf(each.getValue()),
                        (hierarchy.path().endsWith("/") ? hierarchy.path() : hierarchy.path() + "/") + name);
                created.add(cgroup);
                for (String controller : each.getValue()) {
                    limit(cgroup, controller, plan.limits());
                }
            }
        }
        catch (IOException | RuntimeException failure) {
            try {
                cgroups.close();
            }
            catch (IOException | RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
        return cgroups;
    }

    private static void limit(Created cgroup, String controller, ResourceLimits limits) throws IOException {
        boolean v2 = cgroup.hierarchy().v2();
        switch (controller) {
            case "memory" -> {
                String bytes = Long.toString(limits.memoryBytes());
                write(cgroup.dir(), v2 ? "memory.max" : "memory.limit_in_bytes", bytes);
                // Swap counts too: a limit the kernel can meet by swapping would make a test slow, not killed.
                if (v2) {
                    writeIfPresent(cgroup.dir(), "memory.swap.max", "0");
                }
                else {
                    writeIfPresent(cgroup.dir(), "memory.memsw.limit_in_bytes", bytes);
                }
            }
            case "pids" -> write(cgroup.dir(), "pids.max", Integer.toString(limits.pids()));
            case "cpu" -> {
                long quota = Math.max(1000, Math.round(limits.cpus() * PERIOD_MICROS));
                if (v2) {
                    write(cgroup.dir(), "cpu.max", quota + " " + PERIOD_MICROS);
                }
                else {
                    write(cgroup.dir(), "cpu.cfs_period_us", Long.toString(PERIOD_MICROS));
                    write(cgroup.dir(), "cpu.cfs_quota_us", Long.toString(quota));
                }
            }
            default -> throw new IllegalArgumentException("No limit of the " + controller + " controller");
        }
    }

    /** The directories created, one per hierarchy. */
    public List<Path> directories() {
        return created.stream().map(Created::dir).toList();
    }

    /**
     * Puts a process of the child's (waiting, so it has run nothing the limits govern) into every cgroup. Its
     * future children are born there.
     */
    public void admit(long pid) throws IOException {
        for (Created cgroup : created) {
            write(cgroup.dir(), "cgroup.procs", Long.toString(pid));
        }
    }

    /**
     * Which limits a child that died before its end reached, from the kernel's counters, to explain its death:
     * "killed by the kernel: the test's memory limit of 64 MiB was reached", or that its pids limit was. Empty if
     * none. The OOM killer kills with {@code SIGKILL}, but the child's status does not always show it: with a PID
     * namespace, util-linux's unshare is the process waited for, and it reports the JVM's death in its own way.
     */
    public Optional<String> reached() {
        List<String> reasons = new ArrayList<>();
        for (Created cgroup : created) {
            if (cgroup.controllers().contains("memory") && oomKills(cgroup) > 0) {
                reasons.add("killed by the kernel: the test's memory limit of "
                        + ResourceLimits.formatBytes(limits.memoryBytes()) + " was reached");
            }
        }
        for (Created cgroup : created) {
            if (cgroup.controllers().contains("pids")) {
                long refused = counter(cgroup.dir().resolve("pids.events"), "max");
                if (refused > 0) {
                    reasons.add("the test's limit of " + limits.pids() + " processes and threads was reached (the "
                            + "kernel refused " + refused + " fork" + (refused == 1 ? "" : "s") + " or new thread"
                            + (refused == 1 ? "" : "s") + ")");
                }
            }
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /** How many processes the kernel's OOM killer ended in the cgroup. */
    private static long oomKills(Created cgroup) {
        if (cgroup.hierarchy().v2()) {
            return counter(cgroup.dir().resolve("memory.events"), "oom_kill");
        }
        long kills = counter(cgroup.dir().resolve("memory.oom_control"), "oom_kill");
        return kills >= 0 ? kills : 0;
    }

    /** A {@code key value} line of a flat-keyed cgroup file; -1 if there is none. */
    static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length == 2 && fields[0].equals(key)) {
                    return Long.parseLong(fields[1]);
                }
            }
        }
        catch (IOException | NumberFormatException unreadable) {
            // no evidence
        }
        return -1;
    }

    /**
     * Kills every process left in the cgroups (the child's descendants: no other process can have entered them),
     * waits until they are empty and removes them.
     *
     * @throws IOException if one cannot be removed; it is then left for the next run to reclaim
     */
    @Override
    public void close() throws IOException {
        killMembers();
        IOException failure = null;
        for (int i = created.size() - 1; i >= 0; i--) {
            Path dir = created.get(i).dir();
            try {
                Files.deleteIfExists(dir);
            }
            catch (IOException busy) {
                failure = failure == null ? new IOException("nsunit could not remove the cgroup " + dir
                        + " it created for a child: " + reason(busy) + "; the next run removes it once it is empty",
                        busy) : failure;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private void killMembers() {
        long deadline = System.nanoTime() + EMPTY_WAIT_NANOS;
        for (Created cgroup : created) {
            if (cgroup.hierarchy().v2()) {
                // Kills every process of the cgroup at once, forks in flight included (Linux 5.14 and later).
                try {
                    writeIfPresent(cgroup.dir(), "cgroup.kill", "1");
                }
                catch (IOException ignored) {
                    // then the members are killed one by one below
                }
            }
        }
        Set<Long> members;
        while (!(members = members()).isEmpty() && System.nanoTime() < deadline) {
            for (long pid : members) {
                if (isMember(pid)) {
                    Linux.get().kill(pid, Linux.SIGKILL);
                }
            }
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Set<Long> members() {
        Set<Long> members = new LinkedHashSet<>();
        for (Created cgroup : created) {
            try {
                for (String line : Files.readAllLines(cgroup.dir().resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        members.add(Long.parseLong(line.strip()));
                    }
                }
            }
            catch (NoSuchFileException gone) {
                // removed already
            }
            catch (IOException | NumberFormatException unreadable) {
                // nothing to kill that can be seen
            }
        }
        return members;
    }

    /** Whether the process is (still) in one of these cgroups, checked right before it is signalled. */
    private boolean isMember(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                for (Created cgroup : created) {
                    if (line.endsWith(":" + cgroup.path())) {
                        return true;
                    }
                }
            }
        }
        catch (IOException gone) {
            // exited
        }
        return false;
    }

    private static void writeIfPresent(Path dir, String file, String value) throws IOException {
        if (Files.exists(dir.resolve(file))) {
            write(dir, file, value);
        }
    }

    private static void write(Path dir, String file, String value) throws IOException {
        try {
            Files.write(dir.resolve(file), value.getBytes(StandardCharsets.US_ASCII));
        }
        catch (IOException e) {
            throw new IOException("writing " + value + " to " + dir.resolve(file) + " failed: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getReason() : e.toString();
    }
}
