package dev.nsunit.benchmark;

/**
 * What one run of a case cost: its wall-clock time and the CPU time (user + system) of every process that did its
 * work, this JVM included where the case runs in it, and of that CPU time the part of the processes this JVM
 * started and reaped (for a Launcher case: the child JVMs; for a case that only starts processes: all of it).
 */
record Timing(long wallNanos, long cpuNanos, long childrenCpuNanos) {

    /** A run whose work was all done by the processes it started. */
    static Timing ofChildren(long wallNanos, long cpuNanos) {
        return new Timing(wallNanos, cpuNanos, cpuNanos);
    }

    /** What {@code this} costs beyond {@code other}: for a case timed as the difference of two runs. */
    Timing minus(Timing other) {
        return new Timing(wallNanos - other.wallNanos, cpuNanos - other.cpuNanos,
                childrenCpuNanos - other.childrenCpuNanos);
    }

    /** The CPU time of this JVM alone. */
    long ownCpuNanos() {
        return cpuNanos - childrenCpuNanos;
    }
}
