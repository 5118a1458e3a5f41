package dev.nsunit.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class SpawnTest {

    /**
     * JNR frees a Pointer's native memory once the Pointer is garbage; a string of argv or envp freed before
     * posix_spawn has read it makes the spawn fail (EFAULT) or start the child with another string. Here a
     * collector runs all the while, and every child checks the arguments and the environment it was given.
     */
    @Test
    void everyStringAChildIsSpawnedWithSurvivesCollectionsDuringTheSpawn() throws Exception {
        Linux linux = Linux.get();
        linux.prepareToSpawn();
        AtomicBoolean spawning = new AtomicBoolean(true);
        Thread collector = new Thread(() -> {
            while (spawning.get()) {
                System.gc();
            }
        });
        collector.start();
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String expected = "argument-" + i + "-" + "x".repeat(20_000);
                // Garbage between the spawns, so that the strings' memory is reused if it was freed.
                List<byte[]> garbage = new ArrayList<>();
                for (int j = 0; j < 100; j++) {
                    garbage.add(new byte[1024]);
                }
                long pid = linux.spawn(List.of("/bin/sh", "-c", "test \"$1\" = \"$EXPECTED\"", "sh", expected),
                        List.of("EXPECTED=" + expected, "PATH=/usr/bin:/bin"), new int[] {1, 2});
                WaitStatus status = linux.waitpid(pid, 0);
                if (!status.exited() || status.exitCode() != 0) {
                    failures.add("spawn " + i + ": " + status.describe());
                }
                garbage.clear();
            }
        }
        finally {
            spawning.set(false);
            collector.join();
        }
        assertThat(failures).isEmpty();
    }
}
