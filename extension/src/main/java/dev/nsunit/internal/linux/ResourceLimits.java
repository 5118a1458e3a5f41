package dev.nsunit.internal.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources a child JVM and everything it starts may use together, enforced by cgroups the test JVM creates
 * for that child alone (see {@code dev.nsunit.internal.cgroup}). Zero means no limit of that kind.
 *
 * @param memoryBytes memory (RAM, and swap: the child may not swap beyond it either), in bytes
 * @param pids        processes and threads, counted together as the kernel counts tasks
 * @param cpus        CPU time per wall-clock time: 0.5 is half of one CPU, 2 is two CPUs' worth
 */
public record ResourceLimits(long memoryBytes, int pids, double cpus) {

    /** No limit at all: the child runs in the test JVM's own cgroups. */
    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0);

    private static final long KIB = 1024;

    public ResourceLimits {
        if (memoryBytes < 0 || pids < 0 || !(cpus >= 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("Resource limits are zero (none) or positive: " + memoryBytes + " bytes, "
                    + pids + " pids, " + cpus + " cpus");
        }
    }

    public boolean isEmpty() {
        return memoryBytes == 0 && pids == 0 && cpus == 0;
    }

    /** The memory limit as a person writes it: {@code 64 MiB}, {@code 1.5 GiB}, {@code 300 KiB}, {@code 100 B}. */
    public static String formatBytes(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = bytes;
        while (value >= KIB && unit < units.length - 1) {
            value /= KIB;
            unit++;
        }
        String number = value == Math.rint(value) ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
        return number + " " + units[unit];
    }

    /** For example {@code memory = 64 MiB, pids = 100, cpus = 0.5}: what the test asked for, for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (memoryBytes > 0) {
            parts.add("memory = " + formatBytes(memoryBytes));
        }
        if (pids > 0) {
            parts.add("pids = " + pids);
        }
        if (cpus > 0) {
            parts.add("cpus = " + formatCpus(cpus));
        }
        return String.join(", ", parts);
    }

    static String formatCpus(double cpus) {
        return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : Double.toString(cpus);
    }
}
