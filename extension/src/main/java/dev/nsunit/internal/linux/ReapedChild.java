package dev.nsunit.internal.linux;

import java.time.Duration;

/**
 * A child that {@code wait4} reaped: how it ended, and the CPU time it used, user and system, with that of the
 * descendants it reaped itself (the kernel adds theirs to it). Not its peak resident set, though {@code wait4} tells
 * one: a child spawned with {@code posix_spawn} shares its parent's memory until it runs {@code exec}, and the kernel
 * counts the parent's resident set as the child's peak from then on (measured: 89 MiB for {@code sh -c "exit 3"}
 * spawned by a test JVM).
 */
public record ReapedChild(WaitStatus status, Duration cpu) {

    /** struct rusage's first words, on the 64-bit Linux nsunit runs on: ru_utime and ru_stime (seconds, µs). */
    static ReapedChild of(WaitStatus status, long[] usage) {
        long micros = (usage[0] + usage[2]) * 1_000_000 + usage[1] + usage[3];
        return new ReapedChild(status, Duration.ofNanos(micros * 1_000));
    }
}
