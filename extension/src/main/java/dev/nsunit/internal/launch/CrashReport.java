package dev.nsunit.internal.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A child JVM's crash, as HotSpot reports it. The full report (a thousand lines and more: threads, heap, libraries,
 * the machine) goes into a file in the build's output directory ({@code -XX:ErrorFile}); the JVM prints a short
 * banner of {@code #} lines on its standard output, which names the signal, the JRE, the problematic frame and that
 * file. The banner is what the test's failure quotes; the file is where the rest is.
 *
 * @param lines the banner's lines that say what crashed and where, without their {@code #}
 * @param file  the full report, where the banner names one
 */
public record CrashReport(List<String> lines, Optional<Path> file) {

    /** HotSpot's crash banner opens with this. */
    static final String HEADER = "# A fatal error has been detected by the Java Runtime Environment:";
    private static final String FILE_INTRODUCTION = "# An error report file with more information is saved as:";
    private static final String FRAME_INTRODUCTION = "# Problematic frame:";

    public CrashReport {
        lines = List.copyOf(lines);
    }

    /**
     * The option that sends a child's full crash report to a file of its own in the build's output directory: under
     * the working directory, {@code target} (Maven) or else {@code build} (Gradle), where one exists; else the
     * temporary directory. Never the working directory itself, where a stray file would end up in version control.
     */
    static String errorFileOption() {
        return "-XX:ErrorFile=" + directory(Path.of(System.getProperty("user.dir")),
                Path.of(System.getProperty("java.io.tmpdir"))).resolve("hs_err_pid%p.log");
    }

    static Path directory(Path workingDirectory, Path temporaryDirectory) {
        for (String output : List.of("target", "build")) {
            Path candidate = workingDirectory.resolve(output);
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return temporaryDirectory.toAbsolutePath();
    }

    /**
     * The crash the banner tells of: its first line after the header (the signal, or the internal error), the JRE
     * version and the problematic frame, and the report's file. Empty if the lines are no crash banner.
     */
    static Optional<CrashReport> fromBanner(List<String> banner) {
        int header = banner.indexOf(HEADER);
        if (header < 0) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        Path file = null;
        for (int i = header + 1; i < banner.size(); i++) {
            String line = banner.get(i);
            String next = i + 1 < banner.size() ? text(banner.get(i + 1)) : "";
            if (lines.isEmpty() && !text(line).isEmpty()) {
                lines.add(text(line));
            }
            else if (line.startsWith("# JRE version:")) {
                lines.add(text(line));
            }
            else if (line.equals(FRAME_INTRODUCTION) && !next.isEmpty()) {
                lines.add(text(line));
                lines.add(next);
            }
            else if (line.equals(FILE_INTRODUCTION) && !next.isEmpty()) {
                file = pathOrNull(next);
            }
        }
        return Optional.of(new CrashReport(lines, Optional.ofNullable(file)));
    }

    /**
     * The same report, its file renamed after the pid the test JVM knows the child by, if the JVM named it after
     * another: in a PID namespace a child JVM is pid 1 or 2 to itself, so every such child would write
     * {@code hs_err_pid1.log}, and the next crash would overwrite this one's report.
     */
    CrashReport keptFor(long pid) {
        if (file.isEmpty()) {
            return this;
        }
        Path own = file.get().resolveSibling("hs_err_pid" + pid + ".log");
        if (own.equals(file.get()) || !Files.isRegularFile(file.get()) || Files.exists(own)) {
            return this;
        }
        try {
            return new CrashReport(lines, Optional.of(Files.move(file.get(), own)));
        }
        catch (IOException notMoved) {
            // Then it keeps the JVM's name, which the message gives: right until another child crashes.
            return this;
        }
    }

    private static String text(String bannerLine) {
        return bannerLine.startsWith("#") ? bannerLine.substring(1).strip() : bannerLine.strip();
    }

    private static Path pathOrNull(String text) {
        try {
            return Path.of(text);
        }
        catch (InvalidPathException notAPath) {
            return null;
        }
    }
}
