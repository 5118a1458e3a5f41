package dev.nsunit.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peak resident memory of child JVMs, sampled from the outside while they run: every few milliseconds,
 * {@code VmHWM} (the high-water mark of the resident set) from {@code /proc/<pid>/status} of every child of this
 * JVM running a given main class (nsunit's child, or the floor's {@link RunOne}). The last sample before a child
 * exits is its peak, give or take what it touched in its last milliseconds. Also counts how many children were
 * alive at once.
 */
final class ChildMemory implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 5;
    private static final String CHILD_MAIN = "dev.nsunit.internal.child.ChildMain";

    private final String mainClass;
    private final Map<Long, Long> peakKib = new ConcurrentHashMap<>();
    private final AtomicInteger mostAlive = new AtomicInteger();
    private final Thread sampler;
    private volatile boolean running = true;

    private ChildMemory(String mainClass) {
        this.mainClass = mainClass;
        sampler = new Thread(this::sampleUntilClosed, "nsunit-benchmark-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Samples nsunit's children (not the training run that makes an archive). */
    static ChildMemory sample() {
        return new ChildMemory(CHILD_MAIN);
    }

    /** Samples the JVMs running {@code mainClass}. */
    static ChildMemory sample(Class<?> mainClass) {
        return new ChildMemory(mainClass.getName());
    }

    private void sampleUntilClosed() {
        while (running) {
            int alive = 0;
            for (ProcessHandle child : ProcessHandle.current().children().toList()) {
                long pid = child.pid();
                if (runsMainClass(pid)) {
                    alive++;
                    long kib = highWaterMarkKib(pid);
                    if (kib > 0) {
                        peakKib.merge(pid, kib, Math::max);
                    }
                }
            }
            mostAlive.accumulateAndGet(alive, Math::max);
            try {
                Thread.sleep(INTERVAL_MILLIS);
            }
            catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean runsMainClass(long pid) {
        try {
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            // Whole arguments: RunOne's name begins RunOneBindingLibc's.
            List<String> arguments = Arrays.asList(commandLine.split("\0"));
            return arguments.contains(mainClass) && !arguments.contains("--train");
        }
        catch (IOException gone) {
            return false;
        }
    }

    private static long highWaterMarkKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        catch (IOException | NumberFormatException gone) {
            // exited between listing and reading
        }
        return 0;
    }

    /** The peak of each child seen, in KiB, ascending. */
    long[] peaksKib() {
        return peakKib.values().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** The most children alive at one sample. */
    int mostAlive() {
        return mostAlive.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }

    @Override
    public String toString() {
        return Arrays.toString(peaksKib());
    }
}
