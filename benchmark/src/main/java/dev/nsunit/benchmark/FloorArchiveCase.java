package dev.nsunit.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor's test on a machine that has no archive for it yet: the floor's JVM on the test its archive is made
 * from, making the archive as it runs ({@code -XX:AOTCacheOutput} on JDK 25, {@code -XX:ArchiveClassesAtExit}
 * before), into a new file each run, deleted after it. What this costs beyond the floor's test from its archive is
 * the least any JVM per test pays, once, before a test can start from an archive: the bound of the cold-cache goal,
 * whose run must make its children's archive before they can use it.
 *
 * @param floor the floor whose archive each run makes anew
 */
record FloorArchiveCase(CaseInfo info, Floor floor) implements Case {

    @Override
    public Timing run() throws Exception {
        Path archive = floor.archiveNamed("cold");
        Files.deleteIfExists(archive);
        long cpu = CpuTime.ofReapedChildren();
        long start = System.nanoTime();
        try {
            floor.makeArchive(archive);
            long nanos = System.nanoTime() - start;
            CpuTime.awaitChildrenReaped(info.name());
            return Timing.ofChildren(nanos, CpuTime.ofReapedChildren() - cpu);
        }
        finally {
            Files.deleteIfExists(archive);
        }
    }
}
