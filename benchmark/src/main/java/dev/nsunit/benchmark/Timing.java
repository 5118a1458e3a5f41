package dev.nsunit.benchmark;

/**
 * What one run of a case cost: its wall-clock time and the CPU time (user + system) of every process that did its
 * work, this JVM included where the case runs in it.
 */
record Timing(long wallNanos, long cpuNanos) {

    /** What {@code this} costs beyond {@code other}: for a case timed as the difference of two runs. */
    Timing minus(Timing other) {
        return new Timing(wallNanos - other.wallNanos, cpuNanos - other.cpuNanos);
    }
}
