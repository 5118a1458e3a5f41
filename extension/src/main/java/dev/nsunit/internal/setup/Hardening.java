package dev.nsunit.internal.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this JVM's children would hold power over the host, and so must be hardened unless a test says
 * {@code @Privileged}: a test JVM that runs as root, or holds {@code CAP_SYS_ADMIN}, would hand both to a child born
 * in namespaces that its own user namespace owns. A child of any other JVM can do nothing to the host that its
 * parent could not.
 */
public final class Hardening {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static volatile Boolean needed;

    private Hardening() {
    }

    /** Whether children of this JVM are hardened unless {@code @Privileged}. */
    public static boolean needed() {
        Boolean answer = needed;
        if (answer == null) {
            needed = answer = runsAsRoot() || EnvironmentProbe.hasSysAdmin();
        }
        return answer;
    }

    /** Whether the effective uid is 0, as {@code /proc/self/status} shows it (real, effective, saved, fs). */
    static boolean runsAsRoot() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("Uid:")) {
                    return line.substring("Uid:".length()).strip().split("\\s+")[1].equals("0");
                }
            }
            return false;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + STATUS + " to learn whether this JVM runs as root", e);
        }
    }
}
