package dev.nsunit.internal.child;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.nsunit.internal.linux.ErrnoException;
import dev.nsunit.internal.linux.Linux;

/**
 * Ends every process the test started. The child JVM is a subreaper, so descendants whose parents die re-parent
 * to it instead of escaping to init; killing in rounds until none is left catches those that fork while we kill,
 * and reaping them here means no zombie outlives the child, whatever the host's init does.
 */
final class Descendants {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private Descendants() {
    }

    static void killAndReap(Linux linux) {
        if (ProcessHandle.current().pid() == 1) {
            // Process 1 of a PID namespace: when it exits the kernel kills and reaps everything else in it. And
            // without a mount namespace /proc is still the host's, so walking it would find the host's processes.
            return;
        }
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!reapExitedLeavesChildren(linux)) {
                // No child, running or exited, so no descendant either: one whose parent died would be our child.
                // Most tests start no process, and listing descendants reads the /proc entry of every process on
                // the machine, in every child.
                return;
            }
            List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
            if (descendants.isEmpty()) {
                return;
            }
            for (ProcessHandle descendant : descendants) {
                linux.kill(descendant.pid(), Linux.SIGKILL);
            }
            try {
                Thread.sleep(2);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reaps the children that have exited; returns whether any may be left. */
    private static boolean reapExitedLeavesChildren(Linux linux) {
        try {
            return linux.reapExitedLeavesChildren();
        }
        catch (ErrnoException unexpected) {
            // Then /proc says whether any is left.
            return true;
        }
    }
}
