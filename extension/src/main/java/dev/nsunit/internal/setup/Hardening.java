package dev.nsunit.internal.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this JVM's children would hold power over the host, and so must be hardened unless a test says
 * {@code @Privileged}: a test JVM that runs as root, or holds {@code CAP_SYS_ADMIN}, would hand both to a child born
 * in namespaces that its own user namespace owns. A child of any other JVM can do nothing to the host that its
 * parent could not.
 */
public final class Hardening {

    private static final int CAP_SYS_ADMIN = 21;
    private static volatile Boolean needed;

    private Hardening() {
    }

    /** Whether children of this JVM are hardened unless {@code @Privileged}. */
    public static boolean needed() {
        Boolean answer = needed;
        if (answer == null) {
            needed = answer = holdsRootPower(Path.of("/proc/self/status"));
        }
        return answer;
    }

    /** Effective uid 0, or CAP_SYS_ADMIN in the effective set, as {@code /proc/self/status} shows them. */
    static boolean holdsRootPower(Path status) {
        try {
            boolean root = false;
            boolean sysAdmin = false;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved, filesystem
                    root = line.substring("Uid:".length()).strip().split("\\s+")[1].equals("0");
                }
                else if (line.startsWith("CapEff:")) {
                    sysAdmin = new BigInteger(line.substring("CapEff:".length()).strip(), 16).testBit(CAP_SYS_ADMIN);
                }
            }
            return root || sysAdmin;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + status + " to learn whether this JVM runs as root", e);
        }
    }
}
