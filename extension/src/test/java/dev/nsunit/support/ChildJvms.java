package dev.nsunit.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The child JVMs of this JVM, as a run starts them. */
public final class ChildJvms {

    private static final String CHILD_MAIN = "dev.nsunit.internal.child.ChildMain";

    private ChildJvms() {
    }

    /** A child JVM (not a training run for a class-data archive). */
    public static boolean isChild(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains(CHILD_MAIN) && !line.contains("--train"))
                .orElse(false);
    }

    /**
     * The pids of the child JVMs of this JVM seen while the run ran: each is seen, however briefly it lives, since a
     * child the run ends is reaped only after its exit, and the run waits for it.
     */
    public static Set<Long> seenDuring(Runnable run) throws InterruptedException {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                ProcessHandle.current().children().filter(ChildJvms::isChild).forEach(child -> seen.add(child.pid()));
                Thread.onSpinWait();
            }
        });
        sampler.start();
        try {
            run.run();
        }
        finally {
            running.set(false);
            sampler.join();
        }
        return seen;
    }
}
