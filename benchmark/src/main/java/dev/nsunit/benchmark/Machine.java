package dev.nsunit.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Facts about the machine that the numbers only mean something next to. */
final class Machine {

    private Machine() {
    }

    /** The first {@code model name} of {@code /proc/cpuinfo}. */
    static String cpuModel() {
        return procField("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    /** {@code MemTotal} of {@code /proc/meminfo}. */
    static String memory() {
        return procField("/proc/meminfo", "MemTotal").orElse("unknown");
    }

    /** The 1, 5 and 15 minute load averages: on a shared machine, how much else was running. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> procField(String file, String field) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(field))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
