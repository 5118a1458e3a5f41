package dev.nsunit.internal.linux;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delay, jitter, loss and a rate limit on a child's loopback interface ({@code @NetworkConditions}), through the
 * kernel's netem queueing discipline: every packet leaving {@code lo} passes it, so a round trip over loopback
 * meets it twice.
 *
 * <p>Set up by iproute2's {@code tc}, run by the child in its own network namespace once that is proven new, not by
 * a netlink message of nsunit's own: netem's options are a binary structure with attributes that changed over
 * kernel versions (64-bit delays, rates, slots), which {@code tc} encodes as the kernel it runs on expects and
 * reports in words when the kernel refuses; a machine without netem could not even test an encoding of ours.
 *
 * @param delayMillis  added to every packet, in milliseconds; 0 for none
 * @param jitterMillis spread of the delay, uniform between delay - jitter and delay + jitter; 0 for none
 * @param lossPercent  share of packets dropped, 0 to 100
 * @param rateKbit     bandwidth in kilobits (1000 bits) per second; 0 for no limit
 */
public record Netem(int delayMillis, int jitterMillis, double lossPercent, long rateKbit) {

    /** Where distributions keep {@code tc} when it is not on a user's PATH (sbin is often only on root's). */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin");

    /** The words of {@code tc} (and the kernel) when the netem queueing discipline does not exist. */
    public static final String UNKNOWN_QDISC = "Specified qdisc kind is unknown";

    /** {@code tc}'s arguments that add this discipline as the root of {@code lo}. */
    public List<String> tcArguments() {
        List<String> arguments = new ArrayList<>(List.of("qdisc", "add", "dev", "lo", "root", "netem"));
        if (delayMillis > 0) {
            arguments.addAll(List.of("delay", delayMillis + "ms"));
            if (jitterMillis > 0) {
                arguments.add(jitterMillis + "ms");
            }
        }
        if (lossPercent > 0) {
            arguments.addAll(List.of("loss", BigDecimal.valueOf(lossPercent).stripTrailingZeros().toPlainString() + "%"));
        }
        if (rateKbit > 0) {
            arguments.addAll(List.of("rate", rateKbit + "kbit"));
        }
        return arguments;
    }

    /**
     * Adds the discipline to {@code lo} of the caller's network namespace. Only a child calls it, after proving that
     * namespace new: it starts a process, which a spawner or probe thread of the test JVM must never do.
     *
     * @throws IllegalStateException with {@code tc}'s words if it fails
     */
    public void apply() {
        Path tc = findTc().orElseThrow(() -> new IllegalStateException("iproute2's tc command, which sets up "
                + "@NetworkConditions, is not on the PATH (nor in /usr/sbin or /sbin); install iproute2"));
        List<String> command = new ArrayList<>();
        command.add(tc.toString());
        command.addAll(tcArguments());
        run(command);
    }

    /**
     * Runs a command and returns its output; fails with its words where it exits with another status than 0.
     */
    public static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit status " + status
                        + (output.isEmpty() ? "" : ": " + output));
            }
            return output;
        }
        catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    /** iproute2's {@code tc}: on the PATH, else where distributions put it. */
    public static Optional<Path> findTc() {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    directories.add(directory);
                }
            }
        }
        directories.addAll(SBIN);
        for (String directory : directories) {
            Path candidate = Path.of(directory, "tc");
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
