package dev.nsunit.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Out;

/**
 * CPU time (user + system) of this JVM and of the processes it has reaped, from {@code getrusage(2)}: counted in
 * microseconds, where {@code /proc/self/stat} and {@code OperatingSystemMXBean.getProcessCpuTime()} count 10 ms
 * clock ticks. {@code RUSAGE_CHILDREN} holds every child this JVM has waited for, and through each of them every
 * descendant that child waited for: a whole process tree, once its last process has been reaped. So a case reads
 * it only after {@link #awaitChildrenReaped}: a child still alive (or a zombie) at that point would be counted in
 * whichever case ran when it was reaped.
 */
final class CpuTime {

    /** The part of libc this class needs, bound with JNR-FFI as nsunit binds its own. */
    public interface LibC {
        int getrusage(int who, @Out long[] usage);
    }

    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_CHILDREN = -1;
    /** {@code struct rusage} on 64-bit Linux: two {@code timeval}s (user, system), then 14 longs. */
    private static final int RUSAGE_LONGS = 18;
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(30);
    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private CpuTime() {
    }

    /** User + system time of every thread this JVM has run, in nanoseconds. */
    static long ofThisJvm() {
        return usage(RUSAGE_SELF);
    }

    /** User + system time of every process this JVM has reaped, and of what they reaped, in nanoseconds. */
    static long ofReapedChildren() {
        return usage(RUSAGE_CHILDREN);
    }

    private static long usage(int who) {
        long[] usage = new long[RUSAGE_LONGS];
        if (LIBC.getrusage(who, usage) != 0) {
            throw new IllegalStateException("getrusage(" + who + ") failed");
        }
        long micros = (usage[0] + usage[2]) * 1_000_000 + usage[1] + usage[3];
        return micros * 1_000;
    }

    /**
     * Waits until this JVM has no child process left, exited or not: only then does {@link #ofReapedChildren()}
     * hold all of a case's processes. nsunit ends the children it started ahead at the end of its run, and a
     * thread of its own reaps each; this waits for that.
     *
     * @throws BenchmarkFailure if children are still there after 30 s: the case leaks processes
     */
    static void awaitChildrenReaped(String caseName) throws BenchmarkFailure, InterruptedException {
        long deadline = System.nanoTime() + REAP_TIMEOUT.toNanos();
        while (true) {
            List<ProcessHandle> children = ProcessHandle.current().children().toList();
            if (children.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new BenchmarkFailure(caseName + ": " + children.size() + " child processes were still there "
                        + REAP_TIMEOUT.toSeconds() + " s after the run ended, so its CPU time cannot be read: "
                        + children.stream().map(child -> child.pid() + " " + child.info().commandLine().orElse("?"))
                                .collect(Collectors.joining("; ")));
            }
            Thread.sleep(1);
        }
    }
}
