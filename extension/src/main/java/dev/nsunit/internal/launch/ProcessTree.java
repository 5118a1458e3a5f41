package dev.nsunit.internal.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.nsunit.internal.linux.Linux;

/**
 * Kills a child that no longer answers, and everything it started, from the parent. The child's process group is
 * stopped first so it cannot fork while its descendants are collected; descendants are then killed in rounds
 * (the child is their subreaper, so orphans stay in its tree), and the group last. Only pids found under the
 * child we spawned are ever signalled.
 */
final class ProcessTree {

    private static final int ROUNDS = 50;

    private ProcessTree() {
    }

    static void kill(Linux linux, long childPid) {
        // The child leads its own process group (spawned with setpgroup 0), so -pid is that group.
        linux.kill(-childPid, Linux.SIGSTOP);
        Set<Long> killed = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> living = ProcessHandle.of(childPid).stream()
                    .flatMap(ProcessHandle::descendants)
                    .filter(process -> !killed.contains(process.pid()) && !isZombie(process.pid()))
                    .toList();
            if (living.isEmpty()) {
                break;
            }
            for (ProcessHandle process : living) {
                linux.kill(process.pid(), Linux.SIGKILL);
                killed.add(process.pid());
            }
        }
        linux.kill(-childPid, Linux.SIGKILL);
        linux.kill(childPid, Linux.SIGKILL);
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        }
        catch (Exception gone) {
            return true;
        }
    }
}
