package dev.nsunit.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far a new time namespace moves CLOCK_MONOTONIC and CLOCK_BOOTTIME from the machine's clocks (those of the
 * initial time namespace), in whole seconds, as {@code /proc/<pid>/timens_offsets} holds them. Whole seconds because
 * util-linux's {@code unshare --monotonic} and {@code --boottime}, which write them, take no fraction.
 *
 * @param monotonicSeconds added to CLOCK_MONOTONIC ({@code System.nanoTime()})
 * @param boottimeSeconds  added to CLOCK_BOOTTIME ({@code /proc/uptime})
 */
public record ClockOffsets(long monotonicSeconds, long boottimeSeconds) {

    /** The machine's clocks unchanged. */
    public static final ClockOffsets NONE = new ClockOffsets(0, 0);

    private static final Path OFFSETS = Path.of("/proc/self/timens_offsets");

    public boolean isNone() {
        // Not equals(NONE): a record's equals is bootstrapped through invokedynamic, which spins about 17
        // LambdaForm classes in every child JVM that decodes a set-up (no class-data archive of JDK 17 holds them).
        return monotonicSeconds == 0 && boottimeSeconds == 0;
    }

    /**
     * The offsets of the time namespace this process is in. Once a process has entered a time namespace, the one
     * its children would enter is the same, and that is the one the kernel's file shows.
     */
    static ClockOffsets ofThisProcess() throws IOException {
        long monotonic = 0;
        long boottime = 0;
        for (String line : Files.readAllLines(OFFSETS)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length != 3 || !fields[2].equals("0")) {
                throw new IOException(OFFSETS + " has a line nsunit did not write: \"" + line + "\"");
            }
            switch (fields[0]) {
                case "monotonic" -> monotonic = Long.parseLong(fields[1]);
                case "boottime" -> boottime = Long.parseLong(fields[1]);
                default -> throw new IOException(OFFSETS + " names a clock nsunit does not know: \"" + line + "\"");
            }
        }
        return new ClockOffsets(monotonic, boottime);
    }
}
