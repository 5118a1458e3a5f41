package dev.nsunit.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.nsunit.benchmark.fixtures.Fixtures;
import dev.nsunit.benchmark.fixtures.IsolatedTests;

/**
 * Where a child's CPU time goes, phase by phase, beside the floor binding libc's: one more run of
 * {@link IsolatedTests}, not timed, whose children log their phases (nsunit's {@code nsunit.internal.phases}, passed
 * with {@code nsunit.child.jvmArgs}; it is not part of the class-data archive's key, so they use the archive the
 * timed runs used), then one more run of the floor binding libc, whose JVMs log the phases they share with a child
 * ({@link RunOneBindingLibc}). Each phase is reported as the median and mean of the whole process's CPU time over
 * the JVMs, and the mean of the main thread's own; then the CPU time of the threads by name.
 */
final class ChildPhases {

    private static final String PROPERTY = "nsunit.internal.phases";

    private ChildPhases() {
    }

    /** Runs the fixture and the floor binding libc once each with the phase log on; the report's section. */
    static String measure(Path directory, Floor floorBindingLibc, int floorJvms, double floorCpuPerTest)
            throws Exception {
        Files.createDirectories(directory);
        Path childLog = Files.createTempFile(directory, "phases", ".log");
        Path floorLog = Files.createTempFile(directory, "floor-phases", ".log");
        try {
            new LauncherCase(new CaseInfo("phases", Fixtures.TESTS, CaseInfo.Role.MEASURED), IsolatedTests.class,
                    Map.of("nsunit.child.jvmArgs", "-D" + PROPERTY + "=" + childLog)).run();
            new FreshJvmCase(new CaseInfo("floor binding libc, phases", floorJvms, CaseInfo.Role.MEASURED),
                    uniqueId -> floorBindingLibc.command(uniqueId, "-D" + PROPERTY + "=" + floorLog)).run();
            return markdown(Files.readAllLines(childLog), Files.readAllLines(floorLog), floorCpuPerTest);
        }
        finally {
            Files.deleteIfExists(childLog);
            Files.deleteIfExists(floorLog);
        }
    }

    static String markdown(List<String> childLines, List<String> floorLines, double floorCpuPerTest)
            throws BenchmarkFailure {
        if (childLines.isEmpty() || floorLines.isEmpty()) {
            throw new BenchmarkFailure("No " + (childLines.isEmpty() ? "child" : "floor binding libc JVM")
                    + " wrote its phases: was " + PROPERTY + " passed to it?");
        }
        Log children = Log.of(childLines);
        Log floors = Log.of(floorLines);
        StringBuilder out = new StringBuilder("### Where a child's CPU goes\n\n");
        out.append(String.format(Locale.ROOT, "CPU time of each phase of the %d children of one more run of "
                + "`IsolatedTests`, from the children's own phase log, beside that of the %d JVMs of one more run of "
                + "the floor binding libc, which log the phases they share with a child the same way (`boot`, `libc`; "
                + "their `run` is the launcher's run of the test, which in a child spans `relay` to `run`: a child "
                + "started ahead of a test it was told discovers it in `discover`, before the test is handed to it, "
                + "and its `wait` counts both waits, for its setup and for its test). "
                + "*Process* is every thread's time, counted by the kernel in ticks of 10 ms, so only its mean over "
                + "many JVMs is exact to the millisecond; *main thread* is that thread's own time, exact to the "
                + "nanosecond, without what the compiler, the collector or the relay's thread did meanwhile. A phase "
                + "a JVM did not have counts as absent, not zero. For comparison, the floor's whole JVM cost %.0f ms "
                + "per test in this run's rounds (median, minus in place).%n%n", children.lines, floors.lines,
                floorCpuPerTest));
        out.append("| phase | children | process, median ms | process, mean ms | main thread, mean ms | floor binding "
                + "libc: process, mean ms | its main thread, mean ms |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (String phase : children.order) {
            out.append(phaseRow(phase, children.process.get(phase), children.own.get(phase),
                    floors.process.get(phase), floors.own.get(phase)));
        }
        out.append(phaseRow("**whole JVM**", children.processTotals, children.ownTotals, floors.processTotals,
                floors.ownTotals)).append('\n');
        out.append("| thread | children | median ms | mean ms | floor binding libc: mean ms |\n")
                .append("|---|--:|--:|--:|--:|\n");
        children.threads.forEach((name, values) -> out.append(String.format(Locale.ROOT,
                "| `%s` | %d | %.1f | %.1f | %s |%n", name, values.size(), median(values), mean(values),
                meanOrDash(floors.threads.get(name)))));
        return out.append('\n').toString();
    }

    private static String phaseRow(String name, List<Double> process, List<Double> own, List<Double> floorProcess,
            List<Double> floorOwn) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s |%n", name, process.size(),
                median(process), mean(process), mean(own), meanOrDash(floorProcess), meanOrDash(floorOwn));
    }

    private static double median(List<Double> values) {
        return Results.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static String meanOrDash(List<Double> values) {
        return values == null ? "—" : String.format(Locale.ROOT, "%.1f", mean(values));
    }

    /** The phases and threads of the lines of one kind of JVM, each the list of its values over the JVMs. */
    private static final class Log {

        final int lines;
        /**
         * The phases in the order the JVMs went through them: a phase only some had (a child started ahead
         * discovers its test before it is handed over) comes after the phase it followed in those.
         */
        final List<String> order = new ArrayList<>();
        final Map<String, List<Double>> process = new LinkedHashMap<>();
        final Map<String, List<Double>> own = new LinkedHashMap<>();
        final Map<String, List<Double>> threads = new LinkedHashMap<>();
        final List<Double> processTotals = new ArrayList<>();
        final List<Double> ownTotals = new ArrayList<>();

        private Log(int lines) {
            this.lines = lines;
        }

        /** Lines of {@code phase=process/own ... | thread:ms ...}, as nsunit's PhaseLog writes them. */
        static Log of(List<String> lines) {
            Log log = new Log(lines.size());
            for (String line : lines) {
                String[] halves = line.split("\\|", 2);
                double processTotal = 0;
                double ownTotal = 0;
                String previous = null;
                for (String field : halves[0].trim().split(" ")) {
                    String[] nameAndMs = field.split("=");
                    if (!log.order.contains(nameAndMs[0])) {
                        log.order.add(previous == null ? 0 : log.order.indexOf(previous) + 1, nameAndMs[0]);
                    }
                    previous = nameAndMs[0];
                    String[] processAndOwn = nameAndMs[1].split("/");
                    double processMs = Double.parseDouble(processAndOwn[0]);
                    double ownMs = Double.parseDouble(processAndOwn[1]);
                    log.process.computeIfAbsent(nameAndMs[0], name -> new ArrayList<>()).add(processMs);
                    log.own.computeIfAbsent(nameAndMs[0], name -> new ArrayList<>()).add(ownMs);
                    processTotal += processMs;
                    ownTotal += ownMs;
                }
                log.processTotals.add(processTotal);
                log.ownTotals.add(ownTotal);
                for (String field : halves[1].trim().split(" ")) {
                    int colon = field.lastIndexOf(':');
                    log.threads.computeIfAbsent(field.substring(0, colon), name -> new ArrayList<>())
                            .add(Double.parseDouble(field.substring(colon + 1)));
                }
            }
            return log;
        }
    }
}
