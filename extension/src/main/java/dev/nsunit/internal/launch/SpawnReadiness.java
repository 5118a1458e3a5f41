package dev.nsunit.internal.launch;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.nsunit.internal.linux.Linux;

/**
 * Readies this JVM to spawn children while the launcher is still discovering, so that the first child is not kept
 * waiting for it. In a fresh test JVM (every Surefire fork) binding the spawn calls through JNR-FFI, which
 * generates their classes, was the largest step between the start of the run's execution and its first child: about
 * 110 ms of a JDK 17 test JVM's main thread (a wall-clock profile), of the 400 to 500 ms before that child. Done
 * ahead, the first test of a fresh test JVM ended 220 ms sooner on JDK 17 and 110 ms on JDK 25 (8 interleaved runs
 * each). The binding runs once per JVM; the run's first spawn waits for one still going
 * ({@link Linux#prepareToSpawn}).
 */
public final class SpawnReadiness {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private SpawnReadiness() {
    }

    /** Starts readying this JVM on a thread of its own, the first time it is asked; returns at once. */
    public static void startAhead() {
        if (STARTED.compareAndSet(false, true)) {
            // An ordinary thread of this JVM, in the host's namespaces, as prepareToSpawn requires.
            Thread ready = new Thread(SpawnReadiness::ready, "nsunit-spawn-ready");
            ready.setDaemon(true);
            ready.start();
        }
    }

    /** Whether {@link #startAhead} has been called in this JVM. */
    public static boolean isStarted() {
        return STARTED.get();
    }

    private static void ready() {
        try {
            Linux.get().prepareToSpawn();
        }
        catch (RuntimeException | LinkageError notHere) {
            // Nothing is lost: the run's first spawn binds again, and reports why it cannot, on the test it was for.
        }
    }
}
