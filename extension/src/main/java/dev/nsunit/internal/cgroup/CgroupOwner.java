package dev.nsunit.internal.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the cgroups nsunit creates after the test JVM that owns them, {@code nsunit-<pid>-<start time>-<n>} (the
 * start time, in clock ticks since boot as {@code /proc/<pid>/stat} gives it, tells a reused pid apart), so that
 * what a test JVM killed with {@code SIGKILL} left behind can be recognised and removed by the next one.
 *
 * <p>Only a leftover is removed: a cgroup of this name pattern, whose owner is gone, and that is empty. A cgroup
 * whose owner lives belongs to another test JVM running now; one with processes is left alone, since nsunit ends
 * no process it did not start (those of a killed test JVM's child end by themselves once they see their parent
 * gone, and the next run then removes the empty cgroup).
 */
final class CgroupOwner {

    private static final String PREFIX = "nsunit-";
    private static final Pattern NAME = Pattern.compile("nsunit-(\\d+)-(\\d+)-\\d+");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile String self;

    private CgroupOwner() {
    }

    /** A name no other cgroup of this or any other living JVM has. */
    static String newName() throws IOException {
        String owner = self;
        if (owner == null) {
            long pid = ProcessHandle.current().pid();
            owner = pid + "-" + startTime(pid).orElseThrow(() -> new IOException("cannot read /proc/self/stat"));
            self = owner;
        }
        return PREFIX + owner + "-" + SEQUENCE.incrementAndGet();
    }

    /** Whether a directory name is one nsunit gives its cgroups. */
    static boolean isNsunits(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Removes the empty cgroups that gone owners left in the directory. Done before each child's cgroups are created
     * there: listing a directory of a few entries costs less than keeping track.
     */
    static void reclaimLeftovers(Path parent) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path child : children) {
                if (Files.isDirectory(child) && isLeftover(child.getFileName().toString()) && isEmpty(child)) {
                    try {
                        Files.delete(child);
                    }
                    catch (IOException stillBusy) {
                        // a process entered it just now, or it has cgroups below it: the next run tries again
                    }
                }
            }
        }
        catch (IOException unreadable) {
            // nothing to reclaim that can be seen
        }
    }

    /** Whether the name is nsunit's and its owning JVM is gone (its pid free, or another process's now). */
    static boolean isLeftover(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return false;
        }
        long pid = Long.parseLong(matcher.group(1));
        return !startTime(pid).equals(Optional.of(matcher.group(2)));
    }

    private static boolean isEmpty(Path cgroup) throws IOException {
        return Files.readString(cgroup.resolve("cgroup.procs")).isBlank();
    }

    /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks after boot. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, field 2, may hold spaces and parentheses; the fields after its last ')' do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(fields[22 - 3]);
        }
        catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
