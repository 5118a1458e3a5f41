package dev.nsunit.internal.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a child's CPU time goes, phase by phase, for the benchmark (issue 14 asks for this attribution in every
 * run of it): with the system property {@value #PROPERTY} naming a file, the child appends one line to it when it
 * exits: {@code phase=process/own} for each phase in order, in milliseconds. {@code process} is the CPU time of the
 * whole process (every thread, those that ended included) from {@code /proc/self/stat}, counted there in clock
 * ticks of 10 ms, so only a mean over many children is exact to the millisecond; {@code own} is that of the thread
 * that marks the phases (the child's main thread) from its {@code schedstat}, exact to the nanosecond, and free of
 * what the compiler, the collector and the relay's thread did meanwhile. Then {@code thread:ms} for the threads still
 * alive, by name, from their {@code schedstat}. The first phase, {@code boot}, is all that ran before
 * {@link ChildMain#main}: the {@code unshare} and shell steps of the birth and the JVM's own start. Without the
 * property every call returns at once.
 *
 * <p>Public for the benchmark's floor binding libc, which logs the phases it shares with a child the same way, so
 * that the two can be compared phase by phase.
 */
public final class PhaseLog {

    public static final String PROPERTY = "nsunit.internal.phases";

    private static final Path FILE = fileFromProperty();
    private static final Map<String, long[]> PHASES = new LinkedHashMap<>();
    /** USER_HZ, which Linux fixes at 100 for what /proc reports. */
    private static final long NANOS_PER_TICK = 10_000_000;
    private static long lastProcess;
    private static long lastOwn;

    private PhaseLog() {
    }

    private static Path fileFromProperty() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isEmpty() ? null : Path.of(file);
    }

    /**
     * Ends the current phase, naming it: the CPU time since the previous mark is its. Called by one thread only, so
     * that its own time is that thread's throughout.
     */
    public static synchronized void mark(String phase) {
        if (FILE == null) {
            return;
        }
        long process = processNanos();
        long own = ownNanos();
        // No lambda: the class the JVM would make for it at the first mark would count against the next phase.
        long[] spent = PHASES.get(phase);
        if (spent == null) {
            spent = new long[2];
            PHASES.put(phase, spent);
        }
        spent[0] += process - lastProcess;
        spent[1] += own - lastOwn;
        lastProcess = process;
        lastOwn = own;
    }

    /** Appends this JVM's line; the file is the benchmark's, so a failure to write only loses the line. */
    public static synchronized void write() {
        if (FILE == null) {
            return;
        }
        StringBuilder line = new StringBuilder();
        PHASES.forEach((phase, spent) -> line.append(phase).append('=').append(millis(spent[0])).append('/')
                .append(millis(spent[1])).append(' '));
        line.append('|');
        Map<String, Long> threads = new LinkedHashMap<>();
        threadNanos(threads);
        threads.forEach((thread, nanos) -> line.append(' ').append(thread).append(':').append(millis(nanos)));
        try {
            Files.writeString(FILE, line.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException lost) {
            // nothing to report it to but the test's own output, which it must not disturb
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** utime and stime of the process, fields 14 and 15 of {@code /proc/self/stat}, in clock ticks. */
    private static long processNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        }
        catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    /** The calling thread's CPU time. */
    private static long ownNanos() {
        try {
            return onCpuNanos(Path.of("/proc/thread-self"));
        }
        catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }

    /** A thread's CPU time: the first field of its {@code schedstat}, in nanoseconds. */
    private static long onCpuNanos(Path task) throws IOException {
        return Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
    }

    /** CPU time of the live threads of this process by name, summed over equal names. */
    private static void threadNanos(Map<String, Long> byName) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    long nanos = onCpuNanos(task);
                    byName.merge(Files.readString(task.resolve("comm")).strip().replace(' ', '_'), nanos, Long::sum);
                }
                catch (IOException | RuntimeException exited) {
                    // a thread that ended between listing and reading; its time is lost to the log
                }
            }
        }
        catch (IOException unreadable) {
            // the line then has no threads
        }
    }
}
