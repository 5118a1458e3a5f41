package dev.nsunit.internal.child;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.nsunit.internal.engine.IsolationGuard;

/**
 * Takes the frames of nsunit's guard out of a failure's stack traces, where JUnit has pruned its own. Every isolated
 * test's methods run through {@link IsolationGuard} and {@link TimeoutWatch}, so in a child their two frames sit
 * between Jupiter's and the test's; JUnit's pruning (on unless {@code junit.platform.stacktrace.pruning.enabled} is
 * false) drops Jupiter's frames there but keeps any other library's. In place the test's caller is Jupiter, so
 * without this the same failure would show two frames more isolated than in place.
 */
final class GuardFrames {

    private static final Set<String> GUARD_CLASSES = Set.of(IsolationGuard.class.getName(),
            TimeoutWatch.class.getName());

    private GuardFrames() {
    }

    /** Removes the guard's frames from the throwable's stack trace and from those of its causes and suppressed. */
    static void remove(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toVisit = new ArrayDeque<>();
        toVisit.add(failure);
        while (!toVisit.isEmpty()) {
            Throwable each = toVisit.poll();
            if (!seen.add(each)) {
                continue;
            }
            removeFrom(each);
            if (each.getCause() != null) {
                toVisit.add(each.getCause());
            }
            Collections.addAll(toVisit, each.getSuppressed());
        }
    }

    private static void removeFrom(Throwable throwable) {
        StackTraceElement[] frames = throwable.getStackTrace();
        List<StackTraceElement> kept = new ArrayList<>(frames.length);
        for (StackTraceElement frame : frames) {
            if (!GUARD_CLASSES.contains(frame.getClassName())) {
                kept.add(frame);
            }
        }
        if (kept.size() < frames.length) {
            throwable.setStackTrace(kept.toArray(new StackTraceElement[0]));
        }
    }
}
